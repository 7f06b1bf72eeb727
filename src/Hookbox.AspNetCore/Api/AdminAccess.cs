using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>
/// Who may use the events API: with <c>Hookbox:Admin:Token</c> set, whoever presents it as a
/// bearer token; without it, clients on the loopback interface only.
/// </summary>
internal sealed class AdminAccess(IOptions<HookboxOptions> options) : IEndpointFilter
{
    private readonly byte[]? _token = options.Value.Admin.Token is { } token ? Encoding.UTF8.GetBytes(token.Trim()) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (_token is null)
        {
            if (http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
                return await next(context).ConfigureAwait(false);

            await ErrorResponse.WriteAsync(http.Response, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "the API answers loopback clients only; set Hookbox:Admin:Token to reach it from other hosts").ConfigureAwait(false);
            return null;
        }

        if (IsPresented(http.Request.Headers.Authorization.ToString()))
            return await next(context).ConfigureAwait(false);

        http.Response.Headers.WWWAuthenticate = "Bearer";
        await ErrorResponse.WriteAsync(http.Response, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
            "send the admin token as 'Authorization: Bearer <token>'").ConfigureAwait(false);
        return null;
    }

    private bool IsPresented(string authorization)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;

        var presented = Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }
}
