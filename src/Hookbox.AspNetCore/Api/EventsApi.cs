using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Hookbox.AspNetCore;

/// <summary>The events API: list and show events, and the rejection log.</summary>
internal sealed class EventsApi(IInboxQueries inbox)
{
    public async Task ListEventsAsync(HttpContext context)
    {
        var request = context.Request;
        var status = ApiQuery.Text(request, "status");
        if (status is not null && !EventStatus.All.Contains(status))
        {
            await InvalidAsync(context, $"status must be one of {string.Join(", ", EventStatus.All)}").ConfigureAwait(false);
            return;
        }

        if (!ApiQuery.TryReadLimit(request, out var limit, out var error))
        {
            await InvalidAsync(context, error).ConfigureAwait(false);
            return;
        }

        if (!ApiQuery.TryReadCursor(request, out var after, out error))
        {
            await InvalidAsync(context, error).ConfigureAwait(false);
            return;
        }

        var query = new EventQuery(ApiQuery.Text(request, "source"), ApiQuery.Text(request, "type"), status, limit, after);
        var page = await inbox.ListEventsAsync(query, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, writer => ApiJson.WriteEventPage(writer, page)).ConfigureAwait(false);
    }

    public async Task GetEventAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        var stored = await inbox.GetEventAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (stored is null)
        {
            await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "no event has that id").ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, writer => ApiJson.WriteEvent(writer, stored)).ConfigureAwait(false);
    }

    public async Task ListRejectionsAsync(HttpContext context)
    {
        var request = context.Request;
        if (!ApiQuery.TryReadLimit(request, out var limit, out var error))
        {
            await InvalidAsync(context, error).ConfigureAwait(false);
            return;
        }

        if (!ApiQuery.TryReadCursor(request, out var after, out error))
        {
            await InvalidAsync(context, error).ConfigureAwait(false);
            return;
        }

        var page = await inbox.ListRejectionsAsync(new RejectionQuery(ApiQuery.Text(request, "source"), limit, after), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, writer => ApiJson.WriteRejectionPage(writer, page)).ConfigureAwait(false);
    }

    private static Task InvalidAsync(HttpContext context, string message) =>
        JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, ErrorCodes.InvalidQuery, message);

    private static Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write) =>
        JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, write);
}
