using System.Buffers;
using System.Collections;
using System.Text.Json;

namespace Hookbox;

/// <summary>
/// The headers of one webhook request, as received: what signature schemes read, what the
/// envelope reads the event id and type from, and what the inbox keeps beside the body.
/// </summary>
/// <remarks>
/// A request carries a handful of headers, so a linear, case-insensitive scan beats hashing.
/// Repeated headers arrive already joined with commas, as HTTP allows.
/// </remarks>
public sealed class ReceivedHeaders : IReadOnlyList<KeyValuePair<string, string>>
{
    // Credentials a sender or a proxy may add; they never reach the store, a log or an answer.
    private static readonly string[] Redacted = ["Authorization", "Proxy-Authorization", "Cookie"];

    private readonly KeyValuePair<string, string>[] _items;

    /// <summary>Creates the headers from name/value pairs, in the order received.</summary>
    public ReceivedHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _items = [.. headers];
    }

    /// <summary>The value of the header <paramref name="name"/>, or null when it was not sent.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in _items)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                    return value;
            }

            return null;
        }
    }

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public KeyValuePair<string, string> this[int index] => _items[index];

    /// <summary>The headers as a UTF-8 JSON object, name to value, credentials redacted.</summary>
    public byte[] ToJsonUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (64 * _items.Length));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in _items)
            {
                writer.WriteString(name, IsRedacted(name) ? "[redacted]" : value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsRedacted(string name)
    {
        foreach (var redacted in Redacted)
        {
            if (string.Equals(redacted, name, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }
}
