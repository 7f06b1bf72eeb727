using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Hookbox.AspNetCore;

/// <summary>The events API: list and show events, and the rejection log.</summary>
internal sealed class EventsApi(IInboxQueries inbox, EventReplayer replayer)
{
    public async Task ListEventsAsync(HttpContext context)
    {
        var request = context.Request;
        if (!TryReadStatus(request, out var status))
        {
            await InvalidAsync(context, $"status must be one of {string.Join(", ", EventStatuses.All)}").ConfigureAwait(false);
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

        if (!ApiQuery.TryReadOrigin(request, out var origin, out error))
        {
            await InvalidAsync(context, error).ConfigureAwait(false);
            return;
        }

        var query = new EventQuery(
            ApiQuery.Text(request, "source")?.ToLowerInvariant(),
            ApiQuery.Text(request, "type"),
            status,
            limit,
            after,
            ApiQuery.Text(request, "eventId"),
            ApiQuery.Text(request, "subject"),
            origin);
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

    /// <summary><c>POST /api/events/{id}/replay</c>: every delivery runs again, and routes that match it now are added.</summary>
    public async Task ReplayAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        switch (await replayer.ReplayAsync(id, context.RequestAborted).ConfigureAwait(false))
        {
            case ReplayResult.NotFound:
                await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "no event has that id").ConfigureAwait(false);
                return;
            case ReplayResult.Erased:
                await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status409Conflict, ErrorCodes.Erased,
                    "this event was erased on request, so there is nothing to deliver").ConfigureAwait(false);
                return;
            case ReplayResult.PayloadPruned:
                await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status409Conflict, ErrorCodes.PayloadPruned,
                    "this event's payload was pruned (Hookbox:Retention:Payloads), so there is nothing to deliver").ConfigureAwait(false);
                return;
        }

        await JsonResponse.WriteAsync(context.Response, StatusCodes.Status202Accepted, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/events/replay?status=&amp;source=&amp;type=</c>: replays every event that matches.</summary>
    public async Task ReplayManyAsync(HttpContext context)
    {
        var request = context.Request;
        var source = ApiQuery.Text(request, "source")?.ToLowerInvariant();
        if (!TryReadStatus(request, out var status))
        {
            await InvalidAsync(context, $"status must be one of {string.Join(", ", EventStatuses.All)}").ConfigureAwait(false);
            return;
        }

        if (status is null && source is null)
        {
            await InvalidAsync(context, "name the events to replay with status, source or both, such as ?status=dead").ConfigureAwait(false);
            return;
        }

        // Events whose payloads were pruned or erased have nothing to deliver: they are skipped.
        var replayed = await replayer.ReplayManyAsync(new ReplayFilter(source, ApiQuery.Text(request, "type"), status), context.RequestAborted).ConfigureAwait(false);
        await JsonResponse.WriteAsync(context.Response, StatusCodes.Status202Accepted, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("replayed", replayed);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
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

        var page = await inbox.ListRejectionsAsync(new RejectionQuery(ApiQuery.Text(request, "source")?.ToLowerInvariant(), limit, after), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, writer => ApiJson.WriteRejectionPage(writer, page)).ConfigureAwait(false);
    }

    /// <summary>The <c>status</c> filter: absent, or one of <see cref="EventStatuses.All"/>.</summary>
    private static bool TryReadStatus(HttpRequest request, out EventStatus? status)
    {
        var text = ApiQuery.Text(request, "status");
        status = EventStatuses.Parse(text);
        return text is null || status is not null;
    }

    private static Task InvalidAsync(HttpContext context, string message) =>
        JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, ErrorCodes.InvalidQuery, message);

    private static Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write) =>
        JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, write);
}
