namespace Hookbox.Samples.Courses;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Granted course {Course} for order event {EventId}")]
    public static partial void Granted(ILogger logger, string course, string eventId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Revoked course {Course} for refund event {EventId}")]
    public static partial void Revoked(ILogger logger, string course, string eventId);
}
