using System.Text;

namespace Hookbox.Cli;

/// <summary>
/// Every way the saved body may differ from the signed one without its content changing: a
/// trailing newline, line endings, a byte order mark, or the JSON re-serialised in a common
/// layout. If the signature matches one of them, the body was reformatted, not altered.
/// </summary>
internal static class BodyVariants
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    public static IEnumerable<BodyVariant> Of(byte[] body)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { Convert.ToBase64String(body) };
        foreach (var variant in RawVariants(body).Concat(JsonVariants(body)))
        {
            // Cheaper to skip a duplicate than to hash it under every secret again.
            if (seen.Add(Convert.ToBase64String(variant.Bytes)))
                yield return variant;
        }
    }

    private static IEnumerable<BodyVariant> RawVariants(byte[] body)
    {
        if (EndsWith(body, "\r\n"))
            yield return new(body[..^2], "the signed body had no trailing newline; this file ends with one (CRLF)", true);
        else if (EndsWith(body, "\n"))
            yield return new(body[..^1], "the signed body had no trailing newline; this file ends with one", true);
        else
            yield return new([.. body, (byte)'\n'], "the signed body ended with a newline; this file has none", true);

        var text = Encoding.UTF8.GetString(body);
        if (text.Contains("\r\n", StringComparison.Ordinal))
            yield return new(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)), "the signed body had LF line endings; this file has CRLF", true);
        else if (text.Contains('\n', StringComparison.Ordinal))
            yield return new(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)), "the signed body had CRLF line endings; this file has LF", true);

        if (body.AsSpan().StartsWith(ByteOrderMark))
            yield return new(body[ByteOrderMark.Length..], "the signed body had no byte order mark; this file starts with one", true);
    }

    private static IEnumerable<BodyVariant> JsonVariants(byte[] body)
    {
        var json = body.AsSpan().StartsWith(ByteOrderMark) ? body[ByteOrderMark.Length..] : body;
        foreach (var strings in Enum.GetValues<JsonStringStyle>())
        {
            foreach (var layout in JsonLayout.Common)
            {
                foreach (var newLine in layout.Indent is null ? ["\n"] : new[] { "\n", "\r\n" })
                {
                    var rewritten = JsonRewriter.Rewrite(json, layout, strings, newLine);
                    if (rewritten is null)
                        yield break; // not JSON, or not UTF-8: no layout will parse it either

                    var lineEndings = layout.Indent is null ? "" : newLine == "\n" ? ", with LF line endings" : ", with CRLF line endings";
                    var description = $"the signed body is the same JSON written {layout.Description}{lineEndings}{StringsDescription(strings)}";
                    yield return new(rewritten, description, strings == JsonStringStyle.AsSaved);
                    yield return new([.. rewritten, .. Encoding.UTF8.GetBytes(newLine)], description + ", ending with a newline", strings == JsonStringStyle.AsSaved);
                }
            }
        }
    }

    private static string StringsDescription(JsonStringStyle strings) => strings switch
    {
        JsonStringStyle.Minimal => ", its strings escaped only where JSON requires (as JSON.stringify does)",
        JsonStringStyle.AsciiOnly => ", non-ASCII characters escaped as \\uxxxx (as Python's json.dumps does)",
        JsonStringStyle.SystemTextJson => ", its strings escaped as System.Text.Json does (non-ASCII and <>&'+ as \\uXXXX)",
        _ => "",
    };

    private static bool EndsWith(byte[] body, string suffix) => body.AsSpan().EndsWith(Encoding.ASCII.GetBytes(suffix));
}
