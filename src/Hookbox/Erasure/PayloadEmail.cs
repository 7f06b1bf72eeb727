using System.Text;
using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Whether a payload names an email address, for erasure by email: some string value of the
/// JSON (not a property name) is the address, whole, compared without regard to case. A store
/// first narrows the events to those whose raw body contains the address's text, cheaply in
/// SQL; this decides, so <c>ann@example.com</c> never erases <c>joann@example.com</c>'s events.
/// </summary>
internal static class PayloadEmail
{
    // As deep as ingest parses (EnvelopeReader): every stored body was read at this depth.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = EnvelopeReader.MaxDepth };

    /// <summary>The separator the store's pre-filter needs the address to hold, so it can never match everything.</summary>
    public static bool IsPlausible(string email) =>
        !string.IsNullOrWhiteSpace(email) && email.Contains('@', StringComparison.Ordinal) && email.Trim().Length == email.Length;

    /// <summary>True when a string value of <paramref name="body"/> is <paramref name="email"/>, ignoring case.</summary>
    public static bool Contains(ReadOnlySpan<byte> body, string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var length = Encoding.UTF8.GetByteCount(email);
        var reader = new Utf8JsonReader(ByteOrderMark.Skip(body), ReaderOptions);
        try
        {
            while (reader.Read())
            {
                // A value written without escapes has the address's exact UTF-8 length; most
                // strings of a payload are skipped on that alone, without being decoded.
                if (reader.TokenType != JsonTokenType.String || (!reader.ValueIsEscaped && reader.ValueSpan.Length != length))
                    continue;

                if (string.Equals(reader.GetString(), email, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
        }
        catch (JsonException)
        {
            // Every stored body parsed at ingest; one that does not now names no one we can find.
        }

        return false;
    }
}
