namespace Hookbox;

/// <summary>Somewhere alerts are sent: the log, a chat webhook.</summary>
internal interface IAlertSink
{
    /// <summary>A short name for the monitor's log when sending fails.</summary>
    string Name { get; }

    /// <summary>Sends one change; throws when it could not, and the monitor logs that and goes on.</summary>
    Task SendAsync(AlertNotification notification, CancellationToken cancellationToken);
}
