namespace Hookbox;

/// <summary>
/// The UTF-8 byte order mark. JSON forbids it, but some senders write one, and refusing their
/// event over three invisible bytes would lose it: it is skipped wherever a body is read as JSON.
/// </summary>
internal static class ByteOrderMark
{
    private static ReadOnlySpan<byte> Utf8 => [0xEF, 0xBB, 0xBF];

    public static ReadOnlyMemory<byte> Skip(ReadOnlyMemory<byte> json) => json.Span.StartsWith(Utf8) ? json[Utf8.Length..] : json;

    public static ReadOnlySpan<byte> Skip(ReadOnlySpan<byte> json) => json.StartsWith(Utf8) ? json[Utf8.Length..] : json;
}
