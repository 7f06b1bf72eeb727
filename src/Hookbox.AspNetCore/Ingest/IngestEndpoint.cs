using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    HookboxSignals signals,
    RefusalThrottle throttle,
    SourceRateLimits rateLimits,
    RefusalLogSampler logSampler,
    FloodLedger floods,
    IOptions<HookboxOptions> options,
    ILogger<IngestEndpoint> logger)
{
    private const string RetryAfterSeconds = "5";

    // The log sampler's key for throttling lines, beside the source names.
    private const string ThrottleLogKey = "(throttled)";

    private readonly int _rejectionHeaderBytes = options.Value.Ingest.RejectionHeaderBytes;
    private readonly TimeSpan _throttledAnswerDelay = options.Value.Limits.ThrottledAnswerDelay;

    public async Task HandleAsync(HttpContext context)
    {
        // First of all, before the body or even the source: an address that keeps being refused
        // costs a dictionary lookup and a short answer from now on.
        var client = context.Connection.RemoteIpAddress;
        if (throttle.IsThrottled(client, out var retryAfter))
        {
            metrics.Throttled();
            if (_throttledAnswerDelay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(_throttledAnswerDelay, timeProvider, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            context.Response.Headers.RetryAfter = Seconds(retryAfter);
            await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyRefusals,
                "this client address sent too many refused requests lately; retry after the Retry-After seconds").ConfigureAwait(false);
            return;
        }

        var name = context.Request.RouteValues["source"] as string ?? "";
        var source = sources.Find(name);
        if (source is null)
        {
            // Not kept in the rejection log, and only a Debug line: nobody configured this sender,
            // and anyone on the internet can ask for /webhooks/anything.
            IngestLog.UnknownSource(logger);
            CountRefusal(context);
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
            signals.RequestAnswered(source.Name, ErrorCodes.InternalError);
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
            // The sender hung up, sent a broken body or trickled it slower than
            // Limits:MinRequestBodyBytesPerSecond. Kestrel's own status for it (408, 400) is the
            // answer, if anyone still listens: left at the default, an empty 200 would tell a
            // sender still there that an event never stored was accepted.
            if (ex is BadHttpRequestException bad && !context.Response.HasStarted)
                context.Response.StatusCode = bad.StatusCode;

            IngestLog.Abandoned(logger, source.Name);
            signals.RequestAnswered(source.Name, HookboxMetrics.Outcomes.Abandoned);
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

        // Signed, so it is the sender's own pace that the source's optional limit holds back.
        if (!rateLimits.TryTake(source.Name, out var retryAfter))
        {
            signals.RequestAnswered(source.Name, ErrorCodes.RateLimited);
            HookboxActivities.Failed(activity, ErrorCodes.RateLimited, "the source's rate limit");
            context.Response.Headers.RetryAfter = Seconds(retryAfter);
            await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                "this source's deliveries are over its configured rate limit; retry after the Retry-After seconds").ConfigureAwait(false);
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

            signals.RequestAnswered(source.Name, ErrorCodes.StoreUnavailable);
            HookboxActivities.Failed(activity, ErrorCodes.StoreUnavailable, ex.Message);
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable, "the event could not be recorded now; it was not accepted, retry later").ConfigureAwait(false);
            return;
        }

        var accepted = result.Status == AppendStatus.Accepted;
        var outcome = accepted ? HookboxMetrics.Outcomes.Accepted : HookboxMetrics.Outcomes.Duplicate;
        signals.RequestAnswered(source.Name, outcome);
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
        if (logSampler.TryTake(source.Name, out var leftOut))
        {
            if (leftOut > 0)
                IngestLog.RejectionsLeftOut(logger, leftOut, source.Name);

            IngestLog.Rejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address", source.Name, statusCode, error, message);
        }

        signals.RequestAnswered(source.Name, error);
        HookboxActivities.Failed(activity, error, message);
        CountRefusal(context, source.Name, error);
        inbox.TryRecordRejection(new Rejection(source.Name, receivedAt, statusCode, error, message, source.StoredHeaders(headers, _rejectionHeaderBytes), bodyBytes ?? context.Request.ContentLength));
        return JsonResponse.WriteErrorAsync(context.Response, statusCode, error, message);
    }

    /// <summary>
    /// Counts a refusal against the client's address, and says so once when that throttles it;
    /// the rejections alert then leaves that address's refusals out (<see cref="FloodLedger"/>).
    /// </summary>
    private void CountRefusal(HttpContext context, string? source = null, string? outcome = null)
    {
        var client = context.Connection.RemoteIpAddress;
        var key = client is null ? null : RefusalThrottle.KeyOf(client).ToString();
        if (key is not null && source is not null && outcome is not null)
            floods.Refused(key, source, outcome);

        if (!throttle.Refused(client))
            return;

        if (key is not null)
            floods.Flooding(key);

        if (logSampler.TryTake(ThrottleLogKey, out var leftOut))
            IngestLog.Throttling(logger, client?.ToString() ?? "", leftOut);
    }

    // Whole seconds, rounded up: a Retry-After of 0 would invite the next request at once.
    private static string Seconds(TimeSpan retryAfter) =>
        Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private readonly record struct Refusal(HttpContext Context, WebhookSource Source, ReceivedHeaders Headers, DateTimeOffset ReceivedAt, Activity? Activity);
}
