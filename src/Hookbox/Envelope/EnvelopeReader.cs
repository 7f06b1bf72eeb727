using System.Security.Cryptography;
using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Reads a verified request's event id and type, from headers or JSON pointers, in the order a
/// source's scheme (or its configuration) says. Parsing the body here also rejects a body that
/// is not JSON, before anything is stored.
/// </summary>
internal sealed class EnvelopeReader(
    IReadOnlyList<FieldLocation> idLocations,
    IReadOnlyList<FieldLocation> typeLocations,
    bool hashBodyWhenIdMissing,
    IReadOnlyList<FieldLocation>? subjectLocations = null)
{
    /// <summary>Ids and types longer than this are refused: they are keys in an index, not documents.</summary>
    public const int MaxFieldLength = 256;

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
            var id = ReadFirst(idLocations, headers, root);
            if (id is null && hashBodyWhenIdMissing)
                id = Convert.ToHexStringLower(SHA256.HashData(body.Span));

            if (id is null)
                return EnvelopeResult.Fail(ErrorCodes.MissingEventId, $"no event id in {Describe(idLocations)}");

            var type = ReadFirst(typeLocations, headers, root);
            if (type is null)
                return EnvelopeResult.Fail(ErrorCodes.MissingEventType, $"no event type in {Describe(typeLocations)}");

            if (id.Length > MaxFieldLength || type.Length > MaxFieldLength)
                return EnvelopeResult.Fail(ErrorCodes.InvalidEnvelope, $"the event id and type must be at most {MaxFieldLength} characters");

            // No sender means a NUL or an escape sequence in an id; PostgreSQL's text refuses NUL,
            // and whatever shows ids (logs, a terminal, the dashboard) is better without them.
            if (id.Any(char.IsControl) || type.Any(char.IsControl))
                return EnvelopeResult.Fail(ErrorCodes.InvalidEnvelope, "the event id and type must not contain control characters");

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

    private static string? ReadFirst(IReadOnlyList<FieldLocation> locations, ReceivedHeaders headers, JsonElement root)
    {
        foreach (var location in locations)
        {
            if (location.Read(headers, root) is { } value)
                return value;
        }

        return null;
    }

    private static string Describe(IReadOnlyList<FieldLocation> locations) =>
        string.Join(" or ", locations.Select(l => l.Describe()));
}
