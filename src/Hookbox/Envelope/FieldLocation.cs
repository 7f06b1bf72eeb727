namespace Hookbox;

/// <summary>Where one envelope field (the event id or type) is read from: a header or a JSON pointer into the body.</summary>
internal sealed class FieldLocation
{
    private readonly string? _header;
    private readonly JsonPointer? _pointer;

    private FieldLocation(string? header, JsonPointer? pointer, bool signed)
    {
        _header = header;
        _pointer = pointer;
        IsSigned = signed;
    }

    /// <summary>
    /// True when the signature covers the value: every scheme signs the body, and a few sign a
    /// header (Standard Webhooks' <c>webhook-id</c>). An unsigned header can be changed by anyone
    /// who captured one signed delivery, so a signed value beats it (see <see cref="EnvelopeReader"/>).
    /// </summary>
    public bool IsSigned { get; }

    /// <summary>A header; <paramref name="signed"/> only where the scheme's signature covers it.</summary>
    public static FieldLocation Header(string name, bool signed = false) => new(name, null, signed);

    public static FieldLocation Pointer(JsonPointer pointer) => new(null, pointer, signed: true);

    /// <summary>Parses a JSON pointer location; a bad pointer is a configuration error reported by the caller.</summary>
    public static FieldLocation? Pointer(string pointer) => JsonPointer.TryParse(pointer) is { } parsed ? Pointer(parsed) : null;

    /// <summary>Where the field is looked for, for error messages: "header X-Event" or "body /type".</summary>
    public string Describe() => _header is not null ? $"header {_header}" : $"body {_pointer}";

    /// <summary>The JSON pointer into the body, for a body location; null for a header.</summary>
    public JsonPointer? BodyPointer => _pointer;

    /// <summary>A header location's value, when present and not empty.</summary>
    public string? ReadHeader(ReceivedHeaders headers)
    {
        // A header sent twice arrives joined with commas: the first one is the sender's.
        var value = headers[_header!]; // the reader asks only the locations that are headers
        var comma = value?.IndexOf(',', StringComparison.Ordinal) ?? -1;
        value = (comma >= 0 ? value![..comma] : value)?.Trim(); // comma >= 0 only when value is set
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
