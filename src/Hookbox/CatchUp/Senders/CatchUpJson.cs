using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hookbox;

/// <summary>How senders read the fields of an API's answer: ids, times, raw JSON, and what makes an id unusable.</summary>
internal static class CatchUpJson
{
    /// <summary>An id as the API writes it: a non-empty string, or an integer (GitHub's delivery ids, some APIs' event ids).</summary>
    public static string? Id(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String when element.GetString() is { Length: > 0 } text => text,
        JsonValueKind.Number when element.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>A property's id (see <see cref="Id(JsonElement)"/>); null when the item is not an object or lacks it.</summary>
    public static string? Id(JsonElement item, string property) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value) ? Id(value) : null;

    /// <summary>A property's non-empty text; null otherwise.</summary>
    public static string? Text(JsonElement item, string property) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>
    /// A time: RFC 3339 / ISO 8601 text (a time without an offset is UTC), or epoch seconds, or
    /// epoch milliseconds when the number is past 10^12 (no second count reaches that before the year 33658).
    /// </summary>
    public static DateTimeOffset? Time(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when DateTimeOffset.TryParse(
                element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time):
                return time;
            case JsonValueKind.Number when element.TryGetInt64(out var epoch):
                try
                {
                    return epoch > 1_000_000_000_000
                        ? DateTimeOffset.FromUnixTimeMilliseconds(epoch)
                        : DateTimeOffset.FromUnixTimeSeconds(epoch);
                }
                catch (ArgumentOutOfRangeException)
                {
                    return null;
                }

            default:
                return null;
        }
    }

    /// <summary>The element's JSON exactly as the API wrote it, as UTF-8: the body its webhook carries.</summary>
    public static byte[] Raw(JsonElement element) => Encoding.UTF8.GetBytes(element.GetRawText());

    /// <summary>
    /// Why an id or type read from an API can't be stored, or null when it can: the same limits
    /// the ingest endpoint puts on a webhook's, so a recovered event is one a webhook could have been.
    /// </summary>
    public static string? Unusable(string eventId, string eventType) =>
        eventId.Length > EnvelopeReader.MaxFieldLength || eventType.Length > EnvelopeReader.MaxFieldLength
            ? $"has an id or type longer than {EnvelopeReader.MaxFieldLength} characters"
            : eventId.Any(char.IsControl) || eventType.Any(char.IsControl)
                ? "has control characters in its id or type"
                : null;

    /// <summary>The start of a window in whole seconds, as an API that filters by epoch seconds sees it.</summary>
    public static DateTimeOffset FloorToSecond(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
