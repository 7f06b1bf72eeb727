using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>The alerts' log lines: the alerts themselves (the log sink) and the monitor's own trouble.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(EventId = LogEventIds.Alerts.Fired, Level = LogLevel.Error, Message = "Alert {Key} fired: {Message}")]
    public static partial void Fired(ILogger logger, string key, string message);

    [LoggerMessage(EventId = LogEventIds.Alerts.Repeated, Level = LogLevel.Error, Message = "Alert {Key} still open since {Since:u}: {Message}")]
    public static partial void Repeated(ILogger logger, string key, DateTimeOffset since, string message);

    [LoggerMessage(EventId = LogEventIds.Alerts.Resolved, Level = LogLevel.Information, Message = "Alert {Key} resolved after {Duration}: {Message}")]
    public static partial void Resolved(ILogger logger, string key, string duration, string message);

    [LoggerMessage(EventId = LogEventIds.Alerts.SinkFailed, Level = LogLevel.Warning, Message = "Sending alert {Key} ({Change}) through the {Sink} sink failed; it is sent again at its next repeat or change")]
    public static partial void SinkFailed(ILogger logger, string key, AlertChange change, string sink, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Alerts.StatsFailed, Level = LogLevel.Warning, Message = "Could not read the inbox's stats; the oldest-pending alert is judged again at the next evaluation")]
    public static partial void StatsFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Alerts.EvaluationFailed, Level = LogLevel.Error, Message = "Evaluating the alert rules failed; trying again at the next evaluation")]
    public static partial void EvaluationFailed(ILogger logger, Exception exception);
}
