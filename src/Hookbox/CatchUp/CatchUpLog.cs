using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>Catch-up's log lines. None carries a key, a header or a payload.</summary>
internal static partial class CatchUpLog
{
    [LoggerMessage(EventId = LogEventIds.CatchUp.Started, Level = LogLevel.Information, Message = "Catch-up of {Source} started ({Trigger}): asking its API for {WindowStart:u} to {WindowEnd:u}")]
    public static partial void Started(ILogger logger, string source, string trigger, DateTimeOffset windowStart, DateTimeOffset windowEnd);

    [LoggerMessage(EventId = LogEventIds.CatchUp.Completed, Level = LogLevel.Information, Message = "Catch-up of {Source} completed: {Seen} listed, {Present} already in the inbox, {Recovered} recovered, {Malformed} malformed")]
    public static partial void Completed(ILogger logger, string source, int seen, int present, int recovered, int malformed);

    [LoggerMessage(EventId = LogEventIds.CatchUp.Recovered, Level = LogLevel.Warning, Message = "Catch-up recovered {EventType} {EventId} of {Source}, which never arrived by webhook; stored as {HookboxId}")]
    public static partial void Recovered(ILogger logger, string eventType, string eventId, string source, string hookboxId);

    [LoggerMessage(EventId = LogEventIds.CatchUp.Malformed, Level = LogLevel.Warning, Message = "Catch-up of {Source} skipped an item its API listed: {Reason}")]
    public static partial void Malformed(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = LogEventIds.CatchUp.Failed, Level = LogLevel.Error, Message = "Catch-up of {Source} failed ({Failure}): {Error}; nothing moves its cursor, so the next look covers this window again")]
    public static partial void Failed(ILogger logger, string source, string failure, string error, Exception? exception);

    [LoggerMessage(EventId = LogEventIds.CatchUp.KeyRefused, Level = LogLevel.Error, Message = "Catch-up of {Source} failed: its API refused the key ({Error}); set Hookbox:Sources:{Source}:CatchUp:ApiKey to a key that can read its events")]
    public static partial void KeyRefused(ILogger logger, string source, string error);

    [LoggerMessage(EventId = LogEventIds.CatchUp.AlreadyRunning, Level = LogLevel.Debug, Message = "Catch-up of {Source} is already running here or on another instance; this look is skipped")]
    public static partial void AlreadyRunning(ILogger logger, string source);

    [LoggerMessage(EventId = LogEventIds.CatchUp.RecordFailed, Level = LogLevel.Error, Message = "Catch-up of {Source} could not record its run")]
    public static partial void RecordFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = LogEventIds.CatchUp.LeaseFailed, Level = LogLevel.Error, Message = "Catch-up of {Source} could not start: the store did not answer")]
    public static partial void LeaseFailed(ILogger logger, string source, Exception exception);
}
