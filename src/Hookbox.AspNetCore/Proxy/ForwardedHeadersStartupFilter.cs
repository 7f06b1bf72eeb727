using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>
/// Puts ASP.NET Core's forwarded-headers middleware first in the pipeline when
/// <c>Hookbox:ForwardedHeaders</c> names a proxy, believing <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> (and <c>X-Forwarded-Host</c> when asked) from those proxies only. Then
/// the client address that logs, the admin throttle and the rejection log see is the real one.
/// A startup filter, so an application in library mode gets it with <c>AddHookbox()</c>, ahead
/// of its own middleware; with no proxy named, nothing is added and forwarded headers are ignored.
/// </summary>
internal sealed class ForwardedHeadersStartupFilter(IOptions<HookboxOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var settings = options.Value.ForwardedHeaders;
        if (settings.Enabled)
            app.UseForwardedHeaders(Create(settings));

        next(app);
    };

    /// <summary>The middleware's options: only the configured proxies, none of ASP.NET Core's loopback defaults.</summary>
    public static ForwardedHeadersOptions Create(ForwardedHeadersSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                               | (settings.ForwardHost ? ForwardedHeaders.XForwardedHost : ForwardedHeaders.None),
        };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
            forwarded.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));

        foreach (var network in settings.KnownNetworks)
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));

        return forwarded;
    }
}
