using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hookbox.AspNetCore;

/// <summary>
/// Erasure, for a customer's deletion request: <c>DELETE /api/events/{id}</c> erases one event,
/// <c>POST /api/erase</c> every event about a subject or naming an email. What was erased is
/// logged by Hookbox id and count only: the email or subject asked for is personal data itself.
/// </summary>
internal sealed partial class ErasureApi(IInboxErasure inbox, TimeProvider timeProvider, ILogger<ErasureApi> logger)
{
    /// <summary><c>DELETE /api/events/{id}</c>: 200 <c>{"id","erasedAt"}</c>, the same again for an erased event; 404 unknown id.</summary>
    public async Task EraseEventAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        var erasedAt = await inbox.EraseAsync(id, timeProvider.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        if (erasedAt is not { } at)
        {
            await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "no event has that id").ConfigureAwait(false);
            return;
        }

        Log.ErasedEvent(logger, id);
        await JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("erasedAt", at);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/erase</c> with <c>{"subject":…}</c> or <c>{"email":…}</c>: 200 <c>{"erased":n}</c>, the events erased now.</summary>
    public async Task EraseManyAsync(HttpContext context)
    {
        var (read, body) = await AdminJsonBody.ReadObjectAsync(context, ErasureRequest.Shape).ConfigureAwait(false);
        if (!read)
            return;

        ErasureRequest? request;
        using (body)
        {
            if (!ErasureRequest.TryRead(body, out request, out var error))
            {
                await AdminJsonBody.RefuseAsync(context, error).ConfigureAwait(false);
                return;
            }
        }

        var now = timeProvider.GetUtcNow();
        int erased;
        if (request.Subject is { } subject)
        {
            erased = await inbox.EraseSubjectAsync(subject, now, context.RequestAborted).ConfigureAwait(false);
            Log.ErasedBySubject(logger, erased);
        }
        else
        {
            erased = await inbox.EraseEmailAsync(request.Email!, now, context.RequestAborted).ConfigureAwait(false); // TryRead sets exactly one
            Log.ErasedByEmail(logger, erased);
        }

        await JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("erased", erased);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Api.ErasedEvent, Level = LogLevel.Information, Message = "Event {Id} was erased through the API")]
        public static partial void ErasedEvent(ILogger logger, string id);

        [LoggerMessage(EventId = LogEventIds.Api.ErasedBySubject, Level = LogLevel.Information, Message = "{Count} events were erased by subject through the API")]
        public static partial void ErasedBySubject(ILogger logger, int count);

        [LoggerMessage(EventId = LogEventIds.Api.ErasedByEmail, Level = LogLevel.Information, Message = "{Count} events were erased by email through the API")]
        public static partial void ErasedByEmail(ILogger logger, int count);
    }
}
