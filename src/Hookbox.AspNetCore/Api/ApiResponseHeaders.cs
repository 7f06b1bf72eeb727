using Microsoft.AspNetCore.Http;

namespace Hookbox.AspNetCore;

/// <summary>
/// What every answer of the API and <c>/metrics</c> carries, refusals included: no cache, a
/// browser's or a proxy's, keeps a copy of customers' payloads, and no browser reads the JSON as
/// anything but JSON.
/// </summary>
internal static class ApiResponseHeaders
{
    public static ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        return next(context);
    }
}
