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
    /// <summary>Larger than any body this endpoint takes, small enough that nobody can make it hold much.</summary>
    public const int MaxBodyBytes = 4096;

    private const string Shape = "the body is optional; when sent it is {\"since\":\"<ISO 8601 time>\"}, such as {\"since\":\"2026-12-01T09:00:00Z\"}";

    /// <summary>
    /// The time the look should start from, or null for "from the source's cursor" (an empty body,
    /// <c>{}</c>, or <c>"since":null</c>). A time without an offset is UTC: the server's own zone
    /// means nothing to a client elsewhere.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> body, DateTimeOffset now, out DateTimeOffset? since, [NotNullWhen(false)] out string? error)
    {
        since = null;
        error = null;
        body = ByteOrderMark.Skip(body);
        if (body.Trim(" \t\r\n"u8).IsEmpty)
            return true;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            error = $"the body is not JSON; {Shape}";
            return false;
        }

        using (document)
            return TryReadObject(document.RootElement, now, out since, out error);
    }

    private static bool TryReadObject(JsonElement root, DateTimeOffset now, out DateTimeOffset? since, [NotNullWhen(false)] out string? error)
    {
        since = null;
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"the body is not a JSON object; {Shape}";
            return false;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "since")
                continue;

            // A misspelt "sinse" would otherwise start a look from the cursor, silently.
            error = $"the body has a field '{Excerpt(property.Name)}' this endpoint does not take; {Shape}";
            return false;
        }

        if (!root.TryGetProperty("since", out var value) || value.ValueKind == JsonValueKind.Null)
            return true;

        if (value.ValueKind != JsonValueKind.String || !TryReadTime(value, out var time))
        {
            error = $"since must be an ISO 8601 time, such as 2026-12-01T09:00:00Z, not {Excerpt(value.GetRawText())}";
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

    /// <summary>What the caller sent, cut short: enough to recognise it in the message.</summary>
    private static string Excerpt(string text) => text.Length <= 64 ? text : text[..64] + "…";

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
