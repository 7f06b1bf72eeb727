using Microsoft.Net.Http.Headers;

namespace Hookbox.AspNetCore;

/// <summary>Which content types count as JSON: <c>application/json</c>, <c>application/*+json</c>, <c>text/json</c>, any charset.</summary>
internal static class ContentTypes
{
    public static bool IsJson(string? contentType)
    {
        // What nearly every sender sends, answered without parsing the header into objects.
        if (string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase)
            || string.Equals(contentType, "application/json; charset=utf-8", StringComparison.OrdinalIgnoreCase))
            return true;

        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
            return false;

        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
               || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                   && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
