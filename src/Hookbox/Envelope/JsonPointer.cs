using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hookbox;

/// <summary>An RFC 6901 JSON pointer such as <c>/data/object/id</c>, parsed once and evaluated per request.</summary>
internal sealed class JsonPointer
{
    private readonly string[] _tokens;

    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    /// <summary>The pointer as written.</summary>
    public string Text { get; }

    /// <summary>The reference tokens, unescaped: the keys or array indexes from the root down.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>Parses a pointer; null when it does not start with '/', has a bad escape, or is not valid Unicode.</summary>
    public static JsonPointer? TryParse(string text)
    {
        if (text.Length < 2 || text[0] != '/' || !IsValidUnicode(text))
            return null;

        var tokens = text[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var tilde = token.IndexOf('~', StringComparison.Ordinal);
            while (tilde >= 0)
            {
                if (tilde + 1 >= token.Length || (token[tilde + 1] != '0' && token[tilde + 1] != '1'))
                    return null;

                tilde = token.IndexOf('~', tilde + 2);
            }

            tokens[i] = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        return new JsonPointer(text, tokens);
    }

    /// <summary>The element the pointer names, if the document has it.</summary>
    public bool TryEvaluate(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var token in _tokens)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object when JsonText.TryGetProperty(value, token, out var property):
                    value = property;
                    break;
                case JsonValueKind.Array when TryParseIndex(token, out var index) && index < value.GetArrayLength():
                    value = value[index];
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>The array index a token names, if it names one: decimal digits only, as RFC 6901 writes them.</summary>
    public static bool TryParseIndex(string token, out int index) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index);

    // A lone surrogate names no JSON property, and looking one up throws.
    private static bool IsValidUnicode(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var consumed) != OperationStatus.Done)
                return false;

            text = text[consumed..];
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
