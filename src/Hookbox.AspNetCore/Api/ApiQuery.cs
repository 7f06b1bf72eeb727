using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Hookbox.AspNetCore;

/// <summary>Reads the API's query parameters; a bad one is a message for a 400, not an exception.</summary>
internal static class ApiQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static string? Text(HttpRequest request, string name) =>
        request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    public static bool TryReadLimit(HttpRequest request, out int limit, [NotNullWhen(false)] out string? error) =>
        TryReadLimit(request, DefaultLimit, MaxLimit, out limit, out error);

    /// <summary>Reads <c>limit</c> for a list with bounds of its own, such as the catch-up runs the store keeps.</summary>
    public static bool TryReadLimit(HttpRequest request, int defaultLimit, int maxLimit, out int limit, [NotNullWhen(false)] out string? error)
    {
        limit = defaultLimit;
        error = null;
        if (Text(request, "limit") is not { } text)
            return true;

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= maxLimit)
            return true;

        error = $"limit must be a whole number from 1 to {maxLimit}";
        return false;
    }

    public static bool TryReadOrigin(HttpRequest request, out EventOrigin? origin, [NotNullWhen(false)] out string? error)
    {
        origin = null;
        error = null;
        if (Text(request, "origin") is not { } text)
            return true;

        origin = EventOrigins.Parse(text);
        if (origin is not null)
            return true;

        error = $"origin must be one of {string.Join(", ", EventOrigins.All)}";
        return false;
    }

    public static bool TryReadCursor(HttpRequest request, out long? after, [NotNullWhen(false)] out string? error)
    {
        after = null;
        error = null;
        if (Text(request, "after") is not { } text)
            return true;

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) && cursor > 0)
        {
            after = cursor;
            return true;
        }

        error = "after must be the 'next' cursor of a previous page";
        return false;
    }

    public static string? Cursor(long? next) => next?.ToString(CultureInfo.InvariantCulture);
}
