namespace Hookbox;

/// <summary>
/// Which reverse proxies Hookbox believes about the client's address (<c>X-Forwarded-For</c>) and
/// scheme (<c>X-Forwarded-Proto</c>). With neither list set (the default) forwarded headers are
/// ignored: anyone can send them.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>The proxies' own addresses, such as <c>127.0.0.1</c> for nginx on the same host.</summary>
    public List<string> KnownProxies { get; } = [];

    /// <summary>Networks of proxies in CIDR form, such as <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; } = [];

    /// <summary>Whether <c>X-Forwarded-Host</c> is believed too. Default <c>false</c>.</summary>
    public bool ForwardHost { get; set; }

    /// <summary>Whether any proxy is configured, which turns the forwarded-headers middleware on.</summary>
    internal bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
