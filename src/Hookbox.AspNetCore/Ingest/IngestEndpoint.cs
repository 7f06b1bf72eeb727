using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hookbox.AspNetCore;

/// <summary>
/// <c>POST /webhooks/{source}</c>: the flow of DESIGN.md, one step after another — source,
/// request guards, bounded raw body, signature, envelope, durable append, answer. The 200 is
/// written only after the event's commit; every refusal is answered, logged and kept.
/// </summary>
internal sealed class IngestEndpoint(
    SourceRegistry sources,
    RouteTable routes,
    IInboxAppender inbox,
    TimeProvider timeProvider,
    HookboxMetrics metrics,
    ILogger<IngestEndpoint> logger)
{
    private const string RetryAfterSeconds = "5";

    public async Task HandleAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["source"] as string ?? "";
        var source = sources.Find(name);
        if (source is null)
        {
            // Not kept in the rejection log, and only a Debug line: nobody configured this sender,
            // and anyone on the internet can ask for /webhooks/anything.
            IngestLog.UnknownSource(logger);
            await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, ErrorCodes.UnknownSource, "no source of that name is configured").ConfigureAwait(false);
            return;
        }

        var started = timeProvider.GetTimestamp();
        using var activity = HookboxActivities.StartIngest(source.Name);
        try
        {
            await HandleAsync(context, source, activity).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            // The request's boundary: a fault of ours is never a 200, and the sender may retry.
            IngestLog.Failed(logger, source.Name, ex);
            metrics.Request(source.Name, ErrorCodes.InternalError);
            HookboxActivities.Failed(activity, ErrorCodes.InternalError, ex.GetType().Name);
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status503ServiceUnavailable, ErrorCodes.InternalError,
                "Hookbox failed to record the event; it was not accepted, retry later").ConfigureAwait(false);
        }
        finally
        {
            // Only answers count: a request its sender abandoned got none, and its status code
            // (200, the default) would pass for an ack.
            if (context.Response.HasStarted)
                metrics.Answered(source.Name, context.Response.StatusCode, timeProvider.GetElapsedTime(started));
        }
    }

    private async Task HandleAsync(HttpContext context, WebhookSource source, Activity? activity)
    {
        var request = context.Request;
        var receivedAt = timeProvider.GetUtcNow();
        var headers = HeaderCapture.From(request.Headers);
        var refusal = new Refusal(context, source, headers, receivedAt, activity);
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            await RefuseAsync(refusal, StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, "webhooks are delivered with POST").ConfigureAwait(false);
            return;
        }

        if (!ContentTypes.IsJson(request.ContentType))
        {
            await RefuseAsync(refusal, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "the content type must be application/json").ConfigureAwait(false);
            return;
        }

        // Decided before reading a byte when the sender says how much is coming.
        if (request.ContentLength > source.MaxBodyBytes)
        {
            await RefuseAsync(refusal, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, TooLarge(source)).ConfigureAwait(false);
            return;
        }

        byte[]? body;
        try
        {
            body = await RequestBodyReader.ReadAsync(context, source.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The sender hung up or sent a broken body: there is nobody left to answer.
            IngestLog.Abandoned(logger, source.Name);
            metrics.Request(source.Name, HookboxMetrics.Outcomes.Abandoned);
            HookboxActivities.Failed(activity, HookboxMetrics.Outcomes.Abandoned, "the sender hung up or sent a broken body");
            return;
        }

        if (body is null)
        {
            await RefuseAsync(refusal, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, TooLarge(source), request.ContentLength).ConfigureAwait(false);
            return;
        }

        var verification = source.Scheme.Verify(headers, body, receivedAt);
        if (!verification.IsValid)
        {
            await RefuseAsync(refusal, StatusCodes.Status401Unauthorized, ErrorCodes.For(verification.Status), verification.Message, body.Length).ConfigureAwait(false);
            return;
        }

        var read = source.Envelope.Read(headers, body);
        if (!read.IsRead)
        {
            await RefuseAsync(refusal, StatusCodes.Status400BadRequest, read.Error, read.Message, body.Length).ConfigureAwait(false);
            return;
        }

        var envelope = read.Envelope;
        HookboxActivities.SetEvent(activity, envelope);

        var timestamp = verification.SenderTimestamp ?? receivedAt;
        var incoming = new IncomingEvent(
            HookboxId.New(timeProvider),
            source.Name,
            envelope,
            receivedAt,
            verification.SenderTimestamp,
            request.ContentType,
            source.StoredHeaders(headers),
            body,
            routes.Plan(source.Name, envelope.EventType, body),
            EventOrigin.Webhook,
            source.CatchUpIdOf(envelope),
            source.BodyDigestOf(body));

        AppendResult result;
        try
        {
            result = await inbox.AppendAsync(incoming, context.RequestAborted).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            using (EventScope(LogLevel.Error, source, envelope, timestamp))
                IngestLog.StoreUnavailable(logger, envelope.EventType, envelope.EventId, source.Name, ex);

            metrics.Request(source.Name, ErrorCodes.StoreUnavailable);
            HookboxActivities.Failed(activity, ErrorCodes.StoreUnavailable, ex.Message);
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable, "the event could not be recorded now; it was not accepted, retry later").ConfigureAwait(false);
            return;
        }

        var accepted = result.Status == AppendStatus.Accepted;
        var outcome = accepted ? HookboxMetrics.Outcomes.Accepted : HookboxMetrics.Outcomes.Duplicate;
        metrics.Request(source.Name, outcome);
        HookboxActivities.Completed(activity, outcome);
        activity?.SetTag(HookboxActivities.Tags.HookboxId, result.Id);
        using (EventScope(LogLevel.Debug, source, envelope, timestamp))
        {
            if (accepted)
                IngestLog.Accepted(logger, envelope.EventType, envelope.EventId, source.Name, result.Id);
            else
                IngestLog.Duplicate(logger, envelope.EventType, envelope.EventId, source.Name, result.Id);
        }

        await IngestResponse.WriteAsync(context.Response, result).ConfigureAwait(false);
    }

    /// <summary>
    /// The scope that carries source, event id, type and timestamp, opened around the lines this
    /// endpoint writes about an event and only when one will be written: a logging scope costs an
    /// allocation and an AsyncLocal switch on every request otherwise.
    /// </summary>
    private IDisposable? EventScope(LogLevel level, WebhookSource source, EventEnvelope envelope, DateTimeOffset timestamp) =>
        logger.IsEnabled(level) ? IngestLog.BeginEventScope(logger, source.Name, envelope, timestamp) : null;

    private static string TooLarge(WebhookSource source) => $"the body is larger than this source's limit of {source.MaxBodyBytes} bytes";

    /// <summary>Answers a refused request, and logs and keeps why.</summary>
    private Task RefuseAsync(Refusal refusal, int statusCode, string error, string message, long? bodyBytes = null)
    {
        var (context, source, headers, receivedAt, activity) = refusal;
        IngestLog.Rejected(logger, source.Name, statusCode, error, message);
        metrics.Request(source.Name, error);
        HookboxActivities.Failed(activity, error, message);
        inbox.TryRecordRejection(new Rejection(source.Name, receivedAt, statusCode, error, message, source.StoredHeaders(headers), bodyBytes ?? context.Request.ContentLength));
        return JsonResponse.WriteErrorAsync(context.Response, statusCode, error, message);
    }

    private readonly record struct Refusal(HttpContext Context, WebhookSource Source, ReceivedHeaders Headers, DateTimeOffset ReceivedAt, Activity? Activity);
}
