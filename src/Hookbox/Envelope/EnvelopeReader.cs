using System.Security.Cryptography;

namespace Hookbox;

/// <summary>
/// Reads a verified request's event id and type, from headers or JSON pointers, in the order a
/// source's scheme (or its configuration) says, a signed location before an unsigned one. Parsing
/// the body here also rejects a body that is not JSON, before anything is stored.
/// </summary>
internal sealed class EnvelopeReader
{
    /// <summary>Ids and types longer than this are refused: they are keys in an index, not documents.</summary>
    public const int MaxFieldLength = 256;

    /// <summary>How deep a body may nest; deeper is refused as not JSON.</summary>
    public const int MaxDepth = 128;

    private const string InvalidText =
        "the event id and type must be printable ASCII without leading or trailing spaces (no control, format or non-ASCII characters): they travel in HTTP headers";

    private readonly Fields _ids;
    private readonly Fields _types;
    private readonly Fields? _subjects;
    private readonly bool _hashBodyWhenIdMissing;
    private readonly JsonFieldScanner _scanner;

    public EnvelopeReader(
        IReadOnlyList<FieldLocation> idLocations,
        IReadOnlyList<FieldLocation> typeLocations,
        bool hashBodyWhenIdMissing,
        IReadOnlyList<FieldLocation>? subjectLocations = null)
    {
        // Every pointer of every field, each once, so the body is read once for all of them.
        var pointers = new List<JsonPointer>();
        _ids = new Fields(idLocations, pointers);
        _types = new Fields(typeLocations, pointers);
        _subjects = subjectLocations is null ? null : new Fields(subjectLocations, pointers);
        _hashBodyWhenIdMissing = hashBodyWhenIdMissing;
        _scanner = new JsonFieldScanner(pointers, MaxDepth);
    }

    public EnvelopeResult Read(ReceivedHeaders headers, ReadOnlyMemory<byte> body)
    {
        // A handful of pointers, from the scheme's defaults or one setting per field.
        var json = ByteOrderMark.Skip(body.Span);
        Span<JsonFieldValue> bodyValues = stackalloc JsonFieldValue[_scanner.Count];
        if (!_scanner.TryScan(json, bodyValues, out var invalid))
            return EnvelopeResult.Fail(ErrorCodes.InvalidJson, $"the body is not valid JSON: {invalid}");

        var found = new BodyValues(json, bodyValues);
        var (id, idConflict) = ReadField(_ids, headers, found);
        if (idConflict is not null)
            return EnvelopeResult.Fail(ErrorCodes.EnvelopeMismatch, idConflict);

        if (id is null && _hashBodyWhenIdMissing)
            id = Convert.ToHexStringLower(SHA256.HashData(body.Span));

        if (id is null)
            return EnvelopeResult.Fail(ErrorCodes.MissingEventId, $"no event id in {_ids.Describe()}");

        var (type, typeConflict) = ReadField(_types, headers, found);
        if (typeConflict is not null)
            return EnvelopeResult.Fail(ErrorCodes.EnvelopeMismatch, typeConflict);

        if (type is null)
            return EnvelopeResult.Fail(ErrorCodes.MissingEventType, $"no event type in {_types.Describe()}");

        if (id.Length > MaxFieldLength || type.Length > MaxFieldLength)
            return EnvelopeResult.Fail(ErrorCodes.InvalidEnvelope, $"the event id and type must be at most {MaxFieldLength} characters");

        if (!HeaderSafeText.Allows(id) || !HeaderSafeText.Allows(type))
            return EnvelopeResult.Fail(ErrorCodes.InvalidEnvelope, InvalidText);

        return EnvelopeResult.Ok(new EventEnvelope(id, type, ReadSubject(headers, found)));
    }

    /// <summary>
    /// The subject where the source says, when there is a usable one: an event without one is
    /// still an event, so a subject that is too long or holds control characters is left out,
    /// never a reason to refuse.
    /// </summary>
    private string? ReadSubject(ReceivedHeaders headers, BodyValues found) =>
        _subjects is null || ReadFirst(_subjects, headers, found) is not { } subject
            || subject.Length > MaxFieldLength || subject.Any(char.IsControl)
            ? null
            : subject;

    /// <summary>
    /// A field's value: the first signed location's that has one, else the first unsigned one's.
    /// An unsigned header that names another value than the signed one is a contradiction, never
    /// silently overruled: the request was altered on the way, or the sender is misconfigured.
    /// </summary>
    private static (string? Value, string? Conflict) ReadField(Fields field, ReceivedHeaders headers, BodyValues found)
    {
        (string Value, FieldLocation At)? signed = null;
        (string Value, FieldLocation At)? unsigned = null;

        // Indexed, here and in ReadFirst: a foreach over the interface allocated an enumerator
        // per field of every request.
        for (var i = 0; i < field.Locations.Count; i++)
        {
            var location = field.Locations[i];
            if (field.Read(i, headers, found) is not { } value)
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

    private static string? ReadFirst(Fields field, ReceivedHeaders headers, BodyValues found)
    {
        for (var i = 0; i < field.Locations.Count; i++)
        {
            if (field.Read(i, headers, found) is { } value)
                return value;
        }

        return null;
    }

    /// <summary>What the scan of a body found, and the body it points into.</summary>
    private readonly ref struct BodyValues(ReadOnlySpan<byte> json, ReadOnlySpan<JsonFieldValue> values)
    {
        public ReadOnlySpan<byte> Json { get; } = json;

        public ReadOnlySpan<JsonFieldValue> Values { get; } = values;
    }

    /// <summary>One field's locations, each body location with its place among the scanner's pointers.</summary>
    private sealed class Fields
    {
        private readonly int[] _slots;

        public Fields(IReadOnlyList<FieldLocation> locations, List<JsonPointer> pointers)
        {
            Locations = locations;
            _slots = new int[locations.Count];
            for (var i = 0; i < locations.Count; i++)
            {
                if (locations[i].BodyPointer is not { } pointer)
                {
                    _slots[i] = -1;
                    continue;
                }

                var slot = pointers.FindIndex(known => string.Equals(known.Text, pointer.Text, StringComparison.Ordinal));
                if (slot < 0)
                {
                    slot = pointers.Count;
                    pointers.Add(pointer);
                }

                _slots[i] = slot;
            }
        }

        public IReadOnlyList<FieldLocation> Locations { get; }

        /// <summary>The value at location <paramref name="i"/>: its header's, or what the scan found at its pointer.</summary>
        public string? Read(int i, ReceivedHeaders headers, BodyValues found) =>
            _slots[i] >= 0 ? found.Values[_slots[i]].Read(found.Json) : Locations[i].ReadHeader(headers);

        public string Describe() => string.Join(" or ", Locations.Select(l => l.Describe()));
    }
}
