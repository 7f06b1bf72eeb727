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

    public static bool TryReadLimit(HttpRequest request, out int limit, [NotNullWhen(false)] out string? error)
    {
        limit = DefaultLimit;
        error = null;
        if (Text(request, "limit") is not { } text)
            return true;

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit)
            return true;

        error = $"limit must be a whole number from 1 to {MaxLimit}";
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
