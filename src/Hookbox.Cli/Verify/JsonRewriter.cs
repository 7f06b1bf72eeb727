using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hookbox.Cli;

/// <summary>
/// Writes a JSON document again in another <see cref="JsonLayout"/> and <see cref="JsonStringStyle"/>,
/// keeping every number and, with <see cref="JsonStringStyle.AsSaved"/>, every string byte for byte:
/// what a framework's reformatting changes, and nothing else.
/// </summary>
internal static class JsonRewriter
{
    /// <summary>How deep a body may nest and still be read as JSON.</summary>
    public const int MaxDepth = 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    /// <summary>The document in the layout, or null when it is not JSON or its strings are not valid UTF-8.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> json, JsonLayout layout, JsonStringStyle strings, string newLine)
    {
        var output = new ArrayBufferWriter<byte>(json.Length + 64);
        var reader = new Utf8JsonReader(json, ReaderOptions);
        // For each open container: whether an item was written yet, so we know where commas go.
        var hasItems = new Stack<bool>();
        var afterPropertyName = false;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    if (hasItems.Pop())
                        NewLine(output, layout, newLine, hasItems.Count);

                    Write(output, token == JsonTokenType.EndObject ? "}" : "]");
                    continue;
                }

                if (!afterPropertyName && hasItems.Count > 0)
                {
                    if (hasItems.Pop())
                        Write(output, layout.ItemSeparator);

                    hasItems.Push(true);
                    NewLine(output, layout, newLine, hasItems.Count);
                }

                afterPropertyName = false;
                switch (token)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Write(output, token == JsonTokenType.StartObject ? "{" : "[");
                        hasItems.Push(false);
                        break;
                    case JsonTokenType.PropertyName:
                        WriteString(output, ref reader, strings);
                        Write(output, layout.KeySeparator);
                        afterPropertyName = true;
                        break;
                    case JsonTokenType.String:
                        WriteString(output, ref reader, strings);
                        break;
                    default:
                        // Numbers, true, false, null: their text as it was (1.50 stays 1.50).
                        output.Write(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }

        return hasItems.Count == 0 && output.WrittenCount > 0 ? output.WrittenSpan.ToArray() : null;
    }

    private static void NewLine(ArrayBufferWriter<byte> output, JsonLayout layout, string newLine, int depth)
    {
        if (layout.Indent is null)
            return;

        Write(output, newLine);
        for (var i = 0; i < depth; i++)
            Write(output, layout.Indent);
    }

    private static void WriteString(ArrayBufferWriter<byte> output, ref Utf8JsonReader reader, JsonStringStyle style)
    {
        if (style == JsonStringStyle.AsSaved)
        {
            Write(output, "\"");
            output.Write(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            Write(output, "\"");
            return;
        }

        var value = reader.GetString()!; // a string or property name token always has a value
        Write(output, style == JsonStringStyle.SystemTextJson ? JsonSerializer.Serialize(value) : Escape(value, asciiOnly: style == JsonStringStyle.AsciiOnly));
    }

    /// <summary>JSON.stringify's escaping, or Python's with <paramref name="asciiOnly"/>.</summary>
    private static string Escape(string value, bool asciiOnly)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                _ when c < ' ' || (asciiOnly && c > '\x7f') => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    private static void Write(ArrayBufferWriter<byte> output, string text) => output.Write(Encoding.UTF8.GetBytes(text));
}
