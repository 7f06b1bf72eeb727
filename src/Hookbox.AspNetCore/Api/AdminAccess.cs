using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>
/// Who may use the events API and <c>/metrics</c>: whoever presents the admin token as a bearer
/// token, from anywhere, loopback included, since a reverse proxy or a TCP forwarder on the same
/// host connects from 127.0.0.1 on behalf of anyone. Only with
/// <c>Hookbox:Admin:AllowLocalWithoutToken</c> do loopback clients get in without it. Failed
/// attempts are throttled per client address (<see cref="AdminThrottle"/>).
/// </summary>
internal sealed class AdminAccess(AdminCredential credential, AdminThrottle throttle, IOptions<HookboxOptions> options) : IEndpointFilter
{
    private readonly bool _allowLocal = options.Value.Admin.AllowLocalWithoutToken;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (IsCrossSiteWrite(http.Request))
        {
            // A page in the operator's browser must not be able to replay events through the API,
            // whether or not loopback is trusted: a plain cross-site POST needs no preflight.
            await JsonResponse.WriteErrorAsync(http.Response, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "the API does not take changes from a web page of another site").ConfigureAwait(false);
            return null;
        }

        if (_allowLocal && IsLocal(http))
            return await next(context).ConfigureAwait(false);

        var client = http.Connection.RemoteIpAddress;
        if (throttle.Blocked(client) is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await JsonResponse.WriteErrorAsync(http.Response, StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyAdminAttempts,
                "too many failed admin authentications from this address; try again after Retry-After seconds").ConfigureAwait(false);
            return null;
        }

        if (IsPresented(http.Request.Headers.Authorization.ToString()))
            return await next(context).ConfigureAwait(false);

        throttle.RecordFailure(client);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        await JsonResponse.WriteErrorAsync(http.Response, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
            "send the admin token as 'Authorization: Bearer <token>'; it is Hookbox:Admin:Token, or the admin.token file in the data directory").ConfigureAwait(false);
        return null;
    }

    private static bool IsCrossSiteWrite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            return false;

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
            return true;

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
               && (!AbsoluteUri.TryCreate(origin, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
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
                   || (AbsoluteUri.TryCreate(origin, out var uri) && IsLoopbackName(uri.Host)));
    }

    private static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private bool IsPresented(string authorization)
    {
        const string scheme = "Bearer ";
        return authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
               && credential.Matches(authorization.AsSpan(scheme.Length).Trim());
    }
}
