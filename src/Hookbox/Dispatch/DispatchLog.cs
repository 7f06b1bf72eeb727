using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>The dispatcher's log lines: every attempt with event id, type, route, attempt number, duration and error.</summary>
internal static partial class DispatchLog
{
    private static readonly Func<ILogger, string, string, string, DateTimeOffset, IDisposable?> EventScope =
        LoggerMessage.DefineScope<string, string, string, DateTimeOffset>(
            "Source:{Source} EventId:{EventId} EventType:{EventType} Timestamp:{Timestamp:O}");

    public static IDisposable? BeginEventScope(ILogger logger, EventSummary summary) =>
        EventScope(logger, summary.Source, summary.EventId, summary.Type, summary.ReceivedAt);

    // Debug, as accepted events are: at thousands a second a line each costs more than the delivery.
    [LoggerMessage(EventId = LogEventIds.Dispatch.Succeeded, Level = LogLevel.Debug, Message = "Delivered {EventType} event {EventId} to {Route} on attempt {Attempt} in {DurationMs} ms")]
    public static partial void Succeeded(ILogger logger, string eventType, string eventId, string route, int attempt, long durationMs);

    [LoggerMessage(EventId = LogEventIds.Dispatch.Retrying, Level = LogLevel.Warning, Message = "Attempt {Attempt} to deliver {EventType} event {EventId} to {Route} failed in {DurationMs} ms: {Error}; next attempt at {NextAttemptAt:O}")]
    public static partial void Retrying(ILogger logger, int attempt, string eventType, string eventId, string route, long durationMs, string error, DateTimeOffset nextAttemptAt, Exception? exception);

    [LoggerMessage(EventId = LogEventIds.Dispatch.Dead, Level = LogLevel.Error, Message = "Delivery of {EventType} event {EventId} to {Route} is dead after {Attempt} attempts; the last failed in {DurationMs} ms: {Error}")]
    public static partial void Dead(ILogger logger, string eventType, string eventId, string route, int attempt, long durationMs, string error, Exception? exception);

    [LoggerMessage(EventId = LogEventIds.Dispatch.Abandoned, Level = LogLevel.Information, Message = "Attempt {Attempt} to deliver {EventType} event {EventId} to {Route} was stopped by shutdown; it runs again at the next start, not counted")]
    public static partial void Abandoned(ILogger logger, int attempt, string eventType, string eventId, string route);

    [LoggerMessage(EventId = LogEventIds.Dispatch.LeaseFailed, Level = LogLevel.Error, Message = "Leasing deliveries of {Routes} failed; trying again shortly")]
    public static partial void LeaseFailed(ILogger logger, string routes, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Dispatch.RecordFailed, Level = LogLevel.Error, Message = "Recording {Count} delivery outcomes failed; their deliveries run again when their leases expire")]
    public static partial void RecordFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Dispatch.Orphaned, Level = LogLevel.Warning, Message = "{Count} deliveries were to routes that are no longer configured; they are dead until their events are replayed")]
    public static partial void Orphaned(ILogger logger, int count);

    [LoggerMessage(EventId = LogEventIds.Dispatch.OrphanSweepFailed, Level = LogLevel.Error, Message = "Looking for deliveries to routes that are no longer configured failed; the next start tries again")]
    public static partial void OrphanSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Dispatch.NextDueFailed, Level = LogLevel.Warning, Message = "Could not ask the store when the next delivery is due; looking again shortly")]
    public static partial void NextDueFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Dispatch.OutcomeDropped, Level = LogLevel.Warning, Message = "A {Status} outcome of a delivery to {Route} came after shutdown and was not recorded; its lease will expire and it runs again")]
    public static partial void OutcomeDropped(ILogger logger, string route, string status);

    [LoggerMessage(EventId = LogEventIds.Dispatch.RenewFailed, Level = LogLevel.Warning, Message = "Renewing {Count} leases of running attempts failed; trying again shortly")]
    public static partial void RenewFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Dispatch.StillRunning, Level = LogLevel.Warning, Message = "Attempt {Attempt} to deliver {EventType} event {EventId} to {Route} is still running after its timeout, ignoring its cancellation; its slot is free, its lease is kept and its outcome recorded once it ends")]
    public static partial void StillRunning(ILogger logger, int attempt, string eventType, string eventId, string route);

    [LoggerMessage(EventId = LogEventIds.Dispatch.LeasedAheadReleased, Level = LogLevel.Information, Message = "{Count} deliveries leased ahead had not started at shutdown; they are released and run at the next start, not counted")]
    public static partial void LeasedAheadReleased(ILogger logger, int count);
}
