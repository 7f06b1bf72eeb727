using System.Diagnostics.CodeAnalysis;

namespace Hookbox;

/// <summary>
/// <see cref="Uri.TryCreate(string, UriKind, out Uri)"/> that never throws. Some malformed text
/// makes it throw <see cref="IndexOutOfRangeException"/> from inside <see cref="Uri"/> (found by
/// the configuration property tests); the text parsed here comes from configuration, request
/// headers (Origin) and senders' APIs (Link, cursors), so a bad one must be refused, not a fault.
/// </summary>
internal static class AbsoluteUri
{
    public static bool TryCreate([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Uri? uri)
    {
        try
        {
            return Uri.TryCreate(text, UriKind.Absolute, out uri);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentException or UriFormatException)
        {
            uri = null;
            return false;
        }
    }

    /// <summary>An absolute http or https address.</summary>
    public static bool TryCreateHttp([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Uri? uri) =>
        TryCreate(text, out uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
