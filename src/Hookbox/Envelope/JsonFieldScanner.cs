using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Checks that a body is one JSON document and reads the values at a few JSON pointers, in one
/// forward pass over its bytes. Ingest runs it on every request: no document is built, and it
/// allocates nothing; a value found becomes a string when the reader asks for it. It answers as <see cref="JsonPointer.TryEvaluate"/> over a
/// parsed <see cref="JsonDocument"/> does, down to a key defined twice in one object (the last
/// definition is the one read).
/// </summary>
internal sealed class JsonFieldScanner
{
    private readonly Segment[][] _paths;
    private readonly JsonReaderOptions _options;

    public JsonFieldScanner(IReadOnlyList<JsonPointer> pointers, int maxDepth)
    {
        _paths = [.. pointers.Select(pointer => pointer.Tokens.Select(Segment.Of).ToArray())];
        _options = new JsonReaderOptions { MaxDepth = maxDepth };
    }

    /// <summary>How many pointers it reads; the length of the span <see cref="TryScan"/> fills.</summary>
    public int Count => _paths.Length;

    /// <summary>
    /// Fills <paramref name="values"/>, one per pointer in the order given, with the string or number
    /// there; nothing found for anything else. False, with the parser's message, when the body is not
    /// one JSON document.
    /// </summary>
    public bool TryScan(ReadOnlySpan<byte> json, Span<JsonFieldValue> values, [NotNullWhen(false)] out string? error)
    {
        values.Clear();

        // Per pointer: the depth of the deepest open container whose path is the pointer's leading
        // tokens (-1: none yet), and whether the member just read is the pointer's next token.
        Span<int> reach = stackalloc int[_paths.Length];
        Span<bool> matched = stackalloc bool[_paths.Length];
        reach.Fill(-1);
        matched.Clear();

        // Per open container, root first: the index of an array's next element; -1 for an object.
        Span<int> nextElement = stackalloc int[_options.MaxDepth + 1];
        var depth = -1;

        var reader = new Utf8JsonReader(json, _options);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        MatchKey(ref reader, depth, reach, matched, values);
                        break;

                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        // Paths never branch, so a pointer that reached this container still reaches its parent.
                        for (var p = 0; p < reach.Length; p++)
                        {
                            if (reach[p] == depth)
                                reach[p] = depth - 1;
                        }

                        depth--;
                        break;

                    default:
                        if (depth >= 0 && nextElement[depth] >= 0)
                            MatchElement(nextElement[depth]++, depth, reach, matched);

                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            depth++;
                            nextElement[depth] = reader.TokenType == JsonTokenType.StartArray ? 0 : -1;
                            for (var p = 0; p < reach.Length; p++)
                            {
                                if ((depth == 0 || matched[p]) && _paths[p].Length > depth)
                                    reach[p] = depth;
                            }
                        }
                        else
                        {
                            for (var p = 0; p < reach.Length; p++)
                            {
                                if (matched[p] && _paths[p].Length == depth + 1)
                                    values[p] = ValueOf(ref reader);
                            }
                        }

                        matched.Clear();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            values.Clear();
            error = ex.Message;
            return false;
        }

        error = null;
        return true;
    }

    private void MatchKey(ref Utf8JsonReader reader, int depth, scoped ReadOnlySpan<int> reach, scoped Span<bool> matched, scoped Span<JsonFieldValue> values)
    {
        for (var p = 0; p < reach.Length; p++)
        {
            if (reach[p] != depth || !JsonText.NameEquals(ref reader, _paths[p][depth].Utf8Key))
                continue;

            // A later definition of the key replaces an earlier one, whatever it held.
            matched[p] = true;
            values[p] = default;
        }
    }

    private void MatchElement(int index, int depth, ReadOnlySpan<int> reach, Span<bool> matched)
    {
        for (var p = 0; p < reach.Length; p++)
        {
            if (reach[p] == depth && _paths[p][depth].Index == index)
                matched[p] = true;
        }
    }

    private static JsonFieldValue ValueOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        // The raw token: a string's bytes as sent, escapes and quotes included.
        JsonTokenType.String => new JsonFieldValue((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2, IsString: true),
        JsonTokenType.Number => new JsonFieldValue((int)reader.TokenStartIndex, reader.ValueSpan.Length, IsString: false),
        _ => default,
    };

    /// <summary>One reference token: the key it names in an object, and the element it names in an array (-1: none).</summary>
    private readonly record struct Segment(byte[] Utf8Key, int Index)
    {
        public static Segment Of(string token) =>
            new(Encoding.UTF8.GetBytes(token), JsonPointer.TryParseIndex(token, out var index) ? index : -1);
    }
}
