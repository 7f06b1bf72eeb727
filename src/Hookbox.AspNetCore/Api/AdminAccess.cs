using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>
/// Who may use the events API: with <c>Hookbox:Admin:Token</c> set, whoever presents it as a
/// bearer token; without it, clients on the loopback interface only, and not through a proxy:
/// a reverse proxy on the same host connects from 127.0.0.1 on behalf of anyone.
/// </summary>
internal sealed class AdminAccess(IOptions<HookboxOptions> options) : IEndpointFilter
{
    private readonly byte[]? _token = options.Value.Admin.Token is { } token ? Encoding.UTF8.GetBytes(token.Trim()) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (IsCrossSiteWrite(http.Request))
        {
            // A page in the operator's browser must not be able to replay events through the
            // loopback-trusting API: a plain cross-site POST needs no preflight.
            await JsonResponse.WriteErrorAsync(http.Response, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "the API does not take changes from a web page of another site").ConfigureAwait(false);
            return null;
        }

        if (_token is null)
        {
            if (IsLocal(http))
                return await next(context).ConfigureAwait(false);

            await JsonResponse.WriteErrorAsync(http.Response, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "without an admin token the API answers loopback clients only, not through a proxy; set Hookbox:Admin:Token to reach it from elsewhere").ConfigureAwait(false);
            return null;
        }

        if (IsPresented(http.Request.Headers.Authorization.ToString()))
            return await next(context).ConfigureAwait(false);

        http.Response.Headers.WWWAuthenticate = "Bearer";
        await JsonResponse.WriteErrorAsync(http.Response, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
            "send the admin token as 'Authorization: Bearer <token>'").ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Whether the dashboard's page may be served. With a token the page goes to anyone: it
    /// holds no data, and a browser cannot send a bearer token with a navigation; every request
    /// for data then presents the token. Without one, the loopback rule holds for the page too.
    /// </summary>
    public bool MayOpenDashboard(HttpContext http) => _token is not null || IsLocal(http);

    private static bool IsCrossSiteWrite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            return false;

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
            return true;

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
               && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A loopback client, not through a proxy, that asked for this machine by a loopback name:
    /// a page of another site whose name was re-pointed at 127.0.0.1 (DNS rebinding) connects
    /// from loopback too, but asks for its own name, and its Origin is its own.
    /// </summary>
    private static bool IsLocal(HttpContext http)
    {
        var request = http.Request;
        var headers = request.Headers;
        return http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
               && !headers.ContainsKey("Forwarded") && !headers.ContainsKey("X-Forwarded-For") && !headers.ContainsKey("X-Real-IP")
               && IsLoopbackName(request.Host.Host)
               && (headers.Origin.ToString() is not { Length: > 0 } origin
                   || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackName(uri.Host)));
    }

    private static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private bool IsPresented(string authorization)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;

        var presented = Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }
}
