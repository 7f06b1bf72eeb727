namespace Hookbox;

/// <summary>What the dashboard's overview, the metrics and the alerts read from the inbox.</summary>
public interface IInboxStats
{
    /// <summary>
    /// Counts per source over the hour and the day before <paramref name="now"/>, events per
    /// minute over the last hour, and the state of dispatch: one read, cheap enough to repeat
    /// every few seconds (it reads the last day's events through the time-ordered id index).
    /// </summary>
    Task<InboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
