using System.Text;
using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Where <see cref="JsonFieldScanner"/> found a string or a number in a body: the token's bytes,
/// made into a string only when it is asked for (a source may name several places for a field and
/// use the first that has one). The default is nothing found.
/// </summary>
internal readonly record struct JsonFieldValue(int Start, int Length, bool IsString)
{
    public bool IsFound => Length > 0;

    /// <summary>The value in <paramref name="json"/>, the body it was found in: a non-empty string, or a number's text as sent; else null.</summary>
    public string? Read(ReadOnlySpan<byte> json)
    {
        if (!IsFound)
            return null;

        var token = json.Slice(Start, Length);
        if (!IsString)
            return Encoding.UTF8.GetString(token); // some senders use numeric ids: the number's text, as sent, is the id

        // The token alone is a JSON document: the reader unescapes it as it did in the body.
        var reader = new Utf8JsonReader(token);
        reader.Read();
        return JsonText.TryGetString(ref reader) is { Length: > 0 } text ? text : null;
    }
}
