using Microsoft.AspNetCore.Http;

namespace Hookbox.AspNetCore;

/// <summary>
/// Serves the dashboard: one HTML page, one JavaScript module, one style sheet and an icon,
/// embedded in this assembly, so it works offline and needs no build step. The page holds no
/// data of its own, so it is served to anyone; everything it shows comes from the events API,
/// behind the admin token.
/// </summary>
internal static class DashboardEndpoint
{
    /// <summary>Where the page's files live, beside <c>/</c>: a prefix an application is unlikely to use itself.</summary>
    public const string AssetPrefix = "/_hookbox";

    // Nothing but this origin's own files and API: no inline script or style, no eval, no
    // frames, no plugins, and no way for markup to reach a DOM sink (Trusted Types with no
    // policy: assigning a string to innerHTML throws), so an event's payload, headers or id can
    // only ever be shown as text.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; " +
        "require-trusted-types-for 'script'; trusted-types 'none'";

    /// <summary>The dashboard's files by the path each is served at.</summary>
    public static IReadOnlyDictionary<string, DashboardAsset> Assets { get; } = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal)
    {
        ["/"] = DashboardAsset.Load("index.html", "text/html; charset=utf-8"),
        [AssetPrefix + "/dashboard.js"] = DashboardAsset.Load("dashboard.js", "text/javascript; charset=utf-8"),
        [AssetPrefix + "/dashboard.css"] = DashboardAsset.Load("dashboard.css", "text/css; charset=utf-8"),
        [AssetPrefix + "/icon.svg"] = DashboardAsset.Load("icon.svg", "image/svg+xml"),
    };

    public static Task HandleAsync(HttpContext context, DashboardAsset asset)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(asset);
        var response = context.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        // Revalidated on every load, so a new Hookbox's dashboard replaces the old one at once.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }
}
