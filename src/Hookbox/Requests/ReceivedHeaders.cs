using System.Buffers;
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
internal sealed class ReceivedHeaders
{
    /// <summary>The name of the entry that says how many headers a capped copy left out.</summary>
    public const string TruncatedMarker = "hookbox-truncated";

    // Past this, the thread's buffer goes with the request that grew it (see ToJsonUtf8).
    private const int MaxKeptBufferBytes = 64 * 1024;

    // Credentials a sender or a proxy may add; they never reach the store, a log or an answer.
    private static readonly string[] CredentialHeaders = ["Authorization", "Proxy-Authorization", "Cookie"];
    private static readonly SearchValues<string> CredentialWords =
        SearchValues.Create(["token", "secret", "api-key", "apikey", "password"], StringComparison.OrdinalIgnoreCase);

    // The JSON of every request's headers is written through one buffer and writer per thread,
    // reset each time: only the result is allocated (the buffer and writer were a tenth of what
    // ingest allocated per request). Nothing called while writing can come back here.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

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

    /// <summary>
    /// The headers as a UTF-8 JSON object, name to value, credentials redacted: the usual
    /// credential headers, names that say token, secret or key, and any value that contains one
    /// of <paramref name="secrets"/> (a sender that sends its secret as a header, say). Signature
    /// headers (see <see cref="SignatureHeaders"/>, and <paramref name="signatureHeader"/>) are
    /// kept as a digest, so what is stored cannot be replayed.
    /// </summary>
    public byte[] ToJsonUtf8(IReadOnlyList<string> secrets, string? signatureHeader = null) => ToJsonUtf8(secrets, int.MaxValue, signatureHeader);

    /// <summary>
    /// As <see cref="ToJsonUtf8(IReadOnlyList{string}, string?)"/>, but at most about
    /// <paramref name="maxBytes"/>: the headers that would not fit are left out, whole, and a last
    /// <c>hookbox-truncated</c> entry says how many, so the result is still a JSON object.
    /// </summary>
    public byte[] ToJsonUtf8(IReadOnlyList<string> secrets, int maxBytes, string? signatureHeader = null)
    {
        // Room kept for the marker, so the object with it still fits.
        const int MarkerBytes = 64;
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        var used = 2L;
        for (var i = 0; i < _items.Length; i++)
        {
            var (name, value) = _items[i];
            var stored = IsRedacted(name, value, secrets) ? "[redacted]"
                : SignatureHeaders.Contains(name, signatureHeader) ? SignatureHeaders.Digest(value)
                : value;

            // Uncapped (what the inbox stores with each event), the writer escapes as it goes;
            // only a cap needs each entry's escaped length first.
            if (maxBytes == int.MaxValue)
            {
                writer.WriteString(name, stored);
                continue;
            }

            var encodedName = JsonEncodedText.Encode(name);
            var encodedValue = JsonEncodedText.Encode(stored);

            // Two pairs of quotes, a colon and a comma around the escaped name and value.
            used += encodedName.EncodedUtf8Bytes.Length + encodedValue.EncodedUtf8Bytes.Length + 6;
            if (used > maxBytes - MarkerBytes)
            {
                writer.WriteString(TruncatedMarker, $"{_items.Length - i} headers left out");
                break;
            }

            writer.WriteString(encodedName, encodedValue);
        }

        writer.WriteEndObject();
        writer.Flush();

        var json = buffer.WrittenSpan.ToArray();

        // A rare request with huge headers does not leave its buffer to the thread for ever.
        if (buffer.Capacity > MaxKeptBufferBytes)
        {
            t_buffer = null;
            t_writer = null;
        }

        return json;
    }

    private static bool IsRedacted(string name, string value, IReadOnlyList<string> secrets)
    {
        foreach (var header in CredentialHeaders)
        {
            if (string.Equals(header, name, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        if (name.AsSpan().ContainsAny(CredentialWords))
            return true;

        // Indexed: a foreach over the interface allocated an enumerator per header.
        for (var i = 0; i < secrets.Count; i++)
        {
            if (value.Contains(secrets[i], StringComparison.Ordinal))
                return true;
        }

        return false;
    }
}
