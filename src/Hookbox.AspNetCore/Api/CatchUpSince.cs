using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Hookbox.AspNetCore;

/// <summary>
/// Reads the optional body of <c>POST /api/sources/{source}/catch-up</c>, <c>{"since":"&lt;ISO 8601 time&gt;"}</c>:
/// a bad one is a message for a 400, not an exception.
/// </summary>
internal static class CatchUpSince
{
    /// <summary>How the body looks, for the refusals.</summary>
    public const string Shape = "the body is optional; when sent it is {\"since\":\"<ISO 8601 time>\"}, such as {\"since\":\"2026-12-01T09:00:00Z\"}";

    /// <summary>
    /// The time the look should start from, or null for "from the source's cursor" (an empty body,
    /// <c>{}</c>, or <c>"since":null</c>). A time without an offset is UTC: the server's own zone
    /// means nothing to a client elsewhere.
    /// </summary>
    public static bool TryRead(JsonDocument? body, DateTimeOffset now, out DateTimeOffset? since, [NotNullWhen(false)] out string? error)
    {
        since = null;
        error = null;
        if (body is null)
            return true;

        var root = body.RootElement;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "since")
                continue;

            // A misspelt "sinse" would otherwise start a look from the cursor.
            error = AdminJsonBody.UnknownField(property.Name, Shape);
            return false;
        }

        if (!root.TryGetProperty("since", out var value) || value.ValueKind == JsonValueKind.Null)
            return true;

        if (value.ValueKind != JsonValueKind.String || !TryReadTime(value, out var time))
        {
            error = $"since must be an ISO 8601 time, such as 2026-12-01T09:00:00Z, not {AdminJsonBody.Excerpt(value.GetRawText())}";
            return false;
        }

        if (time > now)
        {
            error = $"since ({time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}) is in the future: a look asks about what already happened";
            return false;
        }

        since = time;
        return true;
    }

    private static bool TryReadTime(JsonElement value, out DateTimeOffset time)
    {
        // DateTime says whether an offset was written (Unspecified: none); DateTimeOffset would
        // quietly take the server's zone for it.
        if (value.TryGetDateTime(out var written) && written.Kind == DateTimeKind.Unspecified)
        {
            time = new DateTimeOffset(written, TimeSpan.Zero);
            return true;
        }

        return value.TryGetDateTimeOffset(out time);
    }
}
