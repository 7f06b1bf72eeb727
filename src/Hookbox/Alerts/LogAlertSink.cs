using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>
/// Writes alerts to the log: Error when one fires or repeats, Information when it resolves, with
/// its rule, subject, rate, counts and window (or the oldest delivery's age) in scope.
/// </summary>
internal sealed class LogAlertSink(ILogger<LogAlertSink> logger) : IAlertSink
{
    public string Name => "log";

    public Task SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var alert = notification.Alert;
        var figures = notification.Figures;
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["AlertKey"] = alert.Key,
            ["Rule"] = alert.Kind,
            ["Subject"] = alert.Subject,
            ["Rate"] = figures.Rate,
            ["Count"] = figures.Count,
            ["Total"] = figures.Total,
            ["Window"] = figures.Window,
            ["Age"] = figures.Age,
            ["Since"] = alert.Since,
        });
        switch (notification.Change)
        {
            case AlertChange.Fired:
                AlertLog.Fired(logger, alert.Key, alert.Message);
                break;
            case AlertChange.Repeated:
                AlertLog.Repeated(logger, alert.Key, alert.Since, alert.Message);
                break;
            default:
                var lasted = AlertText.Duration(notification.At - alert.Since);
                AlertLog.Resolved(logger, alert.Key, lasted, alert.Message);
                break;
        }

        return Task.CompletedTask;
    }
}
