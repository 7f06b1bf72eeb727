using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hookbox.AspNetCore;

/// <summary>The API's error boundary: every answer is JSON, even for a path that does not exist or a fault of ours.</summary>
internal static partial class ApiErrors
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.HttpContext.Response.HasStarted && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The request's boundary: logged with the path, answered in the contract's shape.
            var http = context.HttpContext;
            Log.Failed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors)), http.Request.Method, http.Request.Path, ex);
            await JsonResponse.WriteErrorAsync(http.Response, StatusCodes.Status500InternalServerError, ErrorCodes.InternalError,
                "Hookbox failed to answer this request; the details are in its log").ConfigureAwait(false);
            return null;
        }
    }

    public static Task NotFoundAsync(HttpContext context) =>
        JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, ErrorCodes.NotFound,
            $"there is no {context.Request.Method} {context.Request.Path} in the Hookbox API");

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Api.Failed, Level = LogLevel.Error, Message = "The API failed to answer {Method} {Path}")]
        public static partial void Failed(ILogger logger, string method, string path, Exception exception);
    }
}
