using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hookbox.AspNetCore;

/// <summary>
/// The catch-up API: ask a source's sender now which events exist (<c>POST</c>), and read the
/// recent looks (<c>GET</c>), both at <c>/api/sources/{source}/catch-up</c>.
/// </summary>
internal sealed partial class CatchUpApi(SourceRegistry sources, ICatchUpControl control, TimeProvider timeProvider, ILogger<CatchUpApi> logger)
{
    /// <summary>The store keeps the latest 100 looks of a source; a page of 20 is a few days of them.</summary>
    private const int DefaultRunLimit = 20;

    private const int MaxRunLimit = 100;

    /// <summary><c>POST /api/sources/{source}/catch-up</c>, optional body <c>{"since":"…"}</c>: starts a look in the background.</summary>
    public async Task StartAsync(HttpContext context)
    {
        if (!TryFind(context, out var source, out var refusal))
        {
            await RefuseAsync(context, SourceName(context), refusal).ConfigureAwait(false);
            return;
        }

        var (read, body) = await AdminJsonBody.ReadObjectAsync(context, CatchUpSince.Shape).ConfigureAwait(false);
        if (!read)
            return;

        DateTimeOffset? since;
        using (body)
        {
            if (!CatchUpSince.TryRead(body, timeProvider.GetUtcNow(), out since, out var error))
            {
                await AdminJsonBody.RefuseAsync(context, error).ConfigureAwait(false);
                return;
            }
        }

        var started = await control.StartAsync(source, since, context.RequestAborted).ConfigureAwait(false);
        switch (started)
        {
            case CatchUpStart.Started:
                if (since is { } from)
                    Log.AskedSince(logger, source, from);
                else
                    Log.Asked(logger, source);

                await JsonResponse.WriteAsync(context.Response, StatusCodes.Status202Accepted, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("source", source);
                    writer.WriteString("status", "started");
                    writer.WriteEndObject();
                }).ConfigureAwait(false);
                return;
            case CatchUpStart.AlreadyRunning:
                await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status409Conflict, ErrorCodes.CatchUpRunning,
                    $"a look at {source}'s API is running; see GET /api/sources/{source}/catch-up").ConfigureAwait(false);
                return;
            default:
                await RefuseAsync(context, source, started).ConfigureAwait(false);
                return;
        }
    }

    /// <summary><c>GET /api/sources/{source}/catch-up?limit=</c>: the source's latest looks, newest first.</summary>
    public async Task ListRunsAsync(HttpContext context)
    {
        if (!TryFind(context, out var source, out var refusal))
        {
            await RefuseAsync(context, SourceName(context), refusal).ConfigureAwait(false);
            return;
        }

        if (!ApiQuery.TryReadLimit(context.Request, DefaultRunLimit, MaxRunLimit, out var limit, out var error))
        {
            await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, ErrorCodes.InvalidQuery, error).ConfigureAwait(false);
            return;
        }

        var runs = await control.ListRunsAsync(source, limit, context.RequestAborted).ConfigureAwait(false);
        if (runs is null)
        {
            await RefuseAsync(context, source, CatchUpStart.NotConfigured).ConfigureAwait(false);
            return;
        }

        await JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, writer => ApiJson.WriteCatchUpRuns(writer, runs)).ConfigureAwait(false);
    }

    private static string SourceName(HttpContext context) => context.Request.RouteValues["source"] as string ?? "";

    /// <summary>
    /// The source's name as configured when a look can be asked of it, else why not. Both 404s are
    /// decided here, for GET and POST alike: the runs list's null cannot tell the two apart.
    /// </summary>
    private bool TryFind(HttpContext context, [NotNullWhen(true)] out string? source, out CatchUpStart refusal)
    {
        var found = sources.Find(SourceName(context));
        source = found?.CatchUp is null ? null : found.Name;
        refusal = found is null ? CatchUpStart.UnknownSource : CatchUpStart.NotConfigured;
        return source is not null;
    }

    private static Task RefuseAsync(HttpContext context, string source, CatchUpStart refusal) => refusal == CatchUpStart.UnknownSource
        ? JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, ErrorCodes.NotFound,
            $"no source is named '{source}'; sources are configured under Hookbox:Sources")
        : JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, ErrorCodes.CatchUpNotConfigured,
            $"the source '{source}' has no catch-up; set Hookbox:Sources:{source}:CatchUp (its ApiKey at least) so Hookbox can ask the sender's API what it missed");

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Api.CatchUpAsked, Level = LogLevel.Information, Message = "A catch-up look at {Source} was asked for through the API")]
        public static partial void Asked(ILogger logger, string source);

        [LoggerMessage(EventId = LogEventIds.Api.CatchUpAskedSince, Level = LogLevel.Information, Message = "A catch-up look at {Source} since {Since} was asked for through the API")]
        public static partial void AskedSince(ILogger logger, string source, DateTimeOffset since);
    }
}
