namespace Hookbox;

/// <summary>How deliveries run and are retried.</summary>
public sealed class DispatchOptions
{
    /// <summary>Attempts per delivery, the first included, before it is dead. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// The wait after the first failed attempt; each later wait doubles. Jitter spreads each wait
    /// between half and all of that, so a recovering destination is not hit all at once. Default 5 s.
    /// </summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between attempts. Default 1 hour.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one attempt may take before it counts as failed. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries running at once, all routes together: room for two routes at their default. Default 32.</summary>
    public int Concurrency { get; set; } = 32;

    /// <summary>
    /// Deliveries of one route running at once, unless the route sets its own. A route delivers
    /// at most this many ÷ the time of one attempt, and on a core busy with ingest an attempt to
    /// a destination on the same host takes about 2 ms: with 8, dispatch fell behind a steady
    /// 5 000 webhooks/s; with 16 it kept up (bench/RESULTS.md). Default 16.
    /// </summary>
    public int RouteConcurrency { get; set; } = 16;

    /// <summary>
    /// Deliveries a route leases beyond its free slots, to start as slots free: a busy route then
    /// takes one lease per batch, not one per finished attempt. They are held (renewed) while they
    /// wait, and released on shutdown; 0 leases only what can start. Default 32, at most 1000.
    /// </summary>
    public int LeaseAhead { get; set; } = 32;

    /// <summary>
    /// How long a started attempt keeps its delivery from others before the delivery runs again
    /// (its process stopped, say): the attempt timeout and this margin. Default 30 s.
    /// </summary>
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(30);
}
