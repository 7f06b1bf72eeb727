using Microsoft.Extensions.Logging;

namespace Hookbox.AspNetCore;

/// <summary>
/// The ingest path's log lines. None carries a secret, a signature or a payload; each event's
/// lines carry its source, event id, type and timestamp in scope.
/// </summary>
internal static partial class IngestLog
{
    private static readonly Func<ILogger, string, string, string, DateTimeOffset, IDisposable?> EventScope =
        LoggerMessage.DefineScope<string, string, string, DateTimeOffset>(
            "Source:{Source} EventId:{EventId} EventType:{EventType} Timestamp:{Timestamp:O}");

    public static IDisposable? BeginEventScope(ILogger logger, string source, EventEnvelope envelope, DateTimeOffset timestamp) =>
        EventScope(logger, source, envelope.EventId, envelope.EventType, timestamp);

    // Debug, not Information: at thousands of events a second a line per event costs more than
    // recording it. Every event is in the inbox and the events API; set Logging:LogLevel:Hookbox
    // to Debug to see each one go by.
    [LoggerMessage(EventId = LogEventIds.Ingest.Accepted, Level = LogLevel.Debug, Message = "Accepted {EventType} event {EventId} from {Source} as {HookboxId}")]
    public static partial void Accepted(ILogger logger, string eventType, string eventId, string source, string hookboxId);

    [LoggerMessage(EventId = LogEventIds.Ingest.Duplicate, Level = LogLevel.Debug, Message = "Duplicate {EventType} event {EventId} from {Source}; first recorded as {HookboxId}")]
    public static partial void Duplicate(ILogger logger, string eventType, string eventId, string source, string hookboxId);

    [LoggerMessage(EventId = LogEventIds.Ingest.Rejected, Level = LogLevel.Warning, Message = "Rejected a request from {Client} to source {Source} with {StatusCode} {Error}: {Reason}")]
    public static partial void Rejected(ILogger logger, string client, string source, int statusCode, string error, string reason);

    [LoggerMessage(EventId = LogEventIds.Ingest.StoreUnavailable, Level = LogLevel.Error, Message = "Could not record {EventType} event {EventId} from {Source}; answered 503")]
    public static partial void StoreUnavailable(ILogger logger, string eventType, string eventId, string source, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Ingest.UnknownSource, Level = LogLevel.Debug, Message = "A request named a source that is not configured; answered 404")]
    public static partial void UnknownSource(ILogger logger);

    [LoggerMessage(EventId = LogEventIds.Ingest.Failed, Level = LogLevel.Error, Message = "Handling a request to source {Source} failed; answered 503")]
    public static partial void Failed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Ingest.RejectionsLeftOut, Level = LogLevel.Warning, Message = "Left out {Count} lines about refused requests to source {Source} (at most Limits:RefusalLogLinesPerMinute a minute); the rejection log and metrics have them")]
    public static partial void RejectionsLeftOut(ILogger logger, long count, string source);

    [LoggerMessage(EventId = LogEventIds.Ingest.Throttling, Level = LogLevel.Warning, Message = "Client {Address} passed Limits:MaxRefusals; its webhook requests are answered 429 until its window ends ({LeftOut} such lines left out before this one)")]
    public static partial void Throttling(ILogger logger, string address, long leftOut);

    [LoggerMessage(EventId = LogEventIds.Ingest.Abandoned, Level = LogLevel.Debug, Message = "A request to source {Source} was abandoned by its sender before it was answered")]
    public static partial void Abandoned(ILogger logger, string source);
}
