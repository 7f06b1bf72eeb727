using System.Security.Cryptography;
using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Reads a verified request's event id and type, from headers or JSON pointers, in the order a
/// source's scheme (or its configuration) says, a signed location before an unsigned one. Parsing
/// the body here also rejects a body that is not JSON, before anything is stored.
/// </summary>
internal sealed class EnvelopeReader(
    IReadOnlyList<FieldLocation> idLocations,
    IReadOnlyList<FieldLocation> typeLocations,
    bool hashBodyWhenIdMissing,
    IReadOnlyList<FieldLocation>? subjectLocations = null)
{
    /// <summary>Ids and types longer than this are refused: they are keys in an index, not documents.</summary>
    public const int MaxFieldLength = 256;

    private const string InvalidText =
        "the event id and type must be printable ASCII without leading or trailing spaces (no control, format or non-ASCII characters): they travel in HTTP headers";

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 128 };

    public EnvelopeResult Read(ReceivedHeaders headers, ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(ByteOrderMark.Skip(body), ParseOptions);
        }
        catch (JsonException ex)
        {
            return EnvelopeResult.Fail(ErrorCodes.InvalidJson, $"the body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            var (id, idConflict) = ReadField(idLocations, headers, root);
            if (idConflict is not null)
                return EnvelopeResult.Fail(ErrorCodes.EnvelopeMismatch, idConflict);

            if (id is null && hashBodyWhenIdMissing)
                id = Convert.ToHexStringLower(SHA256.HashData(body.Span));

            if (id is null)
                return EnvelopeResult.Fail(ErrorCodes.MissingEventId, $"no event id in {Describe(idLocations)}");

            var (type, typeConflict) = ReadField(typeLocations, headers, root);
            if (typeConflict is not null)
                return EnvelopeResult.Fail(ErrorCodes.EnvelopeMismatch, typeConflict);

            if (type is null)
                return EnvelopeResult.Fail(ErrorCodes.MissingEventType, $"no event type in {Describe(typeLocations)}");

            if (id.Length > MaxFieldLength || type.Length > MaxFieldLength)
                return EnvelopeResult.Fail(ErrorCodes.InvalidEnvelope, $"the event id and type must be at most {MaxFieldLength} characters");

            if (!HeaderSafeText.Allows(id) || !HeaderSafeText.Allows(type))
                return EnvelopeResult.Fail(ErrorCodes.InvalidEnvelope, InvalidText);

            return EnvelopeResult.Ok(new EventEnvelope(id, type, ReadSubject(headers, root)));
        }
    }

    /// <summary>
    /// The subject where the source says, when there is a usable one: an event without one is
    /// still an event, so a subject that is too long or holds control characters is left out,
    /// never a reason to refuse.
    /// </summary>
    private string? ReadSubject(ReceivedHeaders headers, JsonElement root) =>
        subjectLocations is null || ReadFirst(subjectLocations, headers, root) is not { } subject
            || subject.Length > MaxFieldLength || subject.Any(char.IsControl)
            ? null
            : subject;

    /// <summary>
    /// A field's value: the first signed location's that has one, else the first unsigned one's.
    /// An unsigned header that names another value than the signed one is a contradiction, never
    /// silently overruled: the request was altered on the way, or the sender is misconfigured.
    /// </summary>
    private static (string? Value, string? Conflict) ReadField(IReadOnlyList<FieldLocation> locations, ReceivedHeaders headers, JsonElement root)
    {
        (string Value, FieldLocation At)? signed = null;
        (string Value, FieldLocation At)? unsigned = null;

        // Indexed, here and in ReadFirst: a foreach over the interface allocated an enumerator
        // per field of every request.
        for (var i = 0; i < locations.Count; i++)
        {
            var location = locations[i];
            if (location.Read(headers, root) is not { } value)
                continue;

            if (location.IsSigned)
                signed ??= (value, location);
            else
                unsigned ??= (value, location);
        }

        if (signed is { } s && unsigned is { } u && !string.Equals(s.Value, u.Value, StringComparison.Ordinal))
        {
            // Names only, never the values: they are the sender's, and the message is logged and kept.
            return (null, $"{u.At.Describe()} contradicts the signed {s.At.Describe()}; the header is not signed, so the request is refused");
        }

        return ((signed ?? unsigned)?.Value, null);
    }

    private static string? ReadFirst(IReadOnlyList<FieldLocation> locations, ReceivedHeaders headers, JsonElement root)
    {
        for (var i = 0; i < locations.Count; i++)
        {
            if (locations[i].Read(headers, root) is { } value)
                return value;
        }

        return null;
    }

    private static string Describe(IReadOnlyList<FieldLocation> locations) =>
        string.Join(" or ", locations.Select(l => l.Describe()));
}
