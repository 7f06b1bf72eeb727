using System.Net.Http.Headers;
using System.Text;

namespace Hookbox;

/// <summary>
/// A route's destination address. Credentials written into it (<c>https://user:pass@host/…</c>)
/// are sent as HTTP Basic authentication, since HttpClient ignores them in a URL, and are never
/// shown: wherever the address appears (errors, logs, answers) it reads <c>https://***@host/…</c>.
/// </summary>
internal sealed class DestinationUrl
{
    private const string Mask = "***";

    private DestinationUrl(Uri address, AuthenticationHeaderValue? credentials, string shown, string shownAuthority)
    {
        Address = address;
        Credentials = credentials;
        Shown = shown;
        ShownAuthority = shownAuthority;
    }

    /// <summary>Where the request goes: the address without its credentials.</summary>
    public Uri Address { get; }

    /// <summary>The Basic credentials the address carried; null when it carried none.</summary>
    public AuthenticationHeaderValue? Credentials { get; }

    /// <summary>The address as it may be shown.</summary>
    public string Shown { get; }

    /// <summary>The scheme, host and port as they may be shown, for errors about reaching them.</summary>
    public string ShownAuthority { get; }

    /// <summary>Reads an absolute http or https address; null when it is not one.</summary>
    public static DestinationUrl? TryParse(string text)
    {
        if (!AbsoluteUri.TryCreateHttp(text.Trim(), out var url))
            return null;

        if (url.UserInfo.Length == 0)
            return new DestinationUrl(url, null, url.AbsoluteUri, url.GetLeftPart(UriPartial.Authority));

        var address = new UriBuilder(url) { UserName = "", Password = "" }.Uri;
        var credentials = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
        var authority = address.GetLeftPart(UriPartial.Authority);
        return new DestinationUrl(address, credentials, Redact(address.AbsoluteUri), Redact(authority));

        static string Redact(string withoutCredentials) => withoutCredentials.Insert(withoutCredentials.IndexOf("://", StringComparison.Ordinal) + 3, Mask + "@");
    }

    /// <summary>
    /// Text that may hold an address with credentials, as configured (it need not parse): the
    /// part between <c>://</c> and the last <c>@</c> of the authority becomes <c>***</c>.
    /// </summary>
    public static string Redact(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var end = text.AsSpan(start).IndexOfAny('/', '?', '#');
        var authority = text.AsSpan(start, end < 0 ? text.Length - start : end);
        var at = authority.LastIndexOf('@');
        return at < 0 ? text : string.Concat(text.AsSpan(0, start), Mask, text.AsSpan(start + at));
    }

    /// <inheritdoc />
    public override string ToString() => Shown;
}
