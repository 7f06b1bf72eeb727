namespace Hookbox.Storage;

/// <summary>What the dashboard's overview, the metrics and the alerts read from the inbox.</summary>
public interface IInboxStats
{
    /// <summary>
    /// Counts per source over the hour and the day before <paramref name="now"/>, events per
    /// minute over the last hour, and the state of dispatch: one read, cheap enough to repeat
    /// every few seconds (it reads the last day's events through the time-ordered id index).
    /// </summary>
    Task<InboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Only the state of dispatch, through small indexes, whatever the size of the inbox: what
    /// the metrics and the alerts read every few seconds.
    /// </summary>
    Task<DispatchStats> GetDispatchStatsAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
