namespace Hookbox;

/// <summary>How Hookbox gathers its metrics.</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// How often the inbox's state — the backlog of due deliveries, the oldest pending delivery,
    /// the dead events — is read for its gauges. A scrape reports the latest reading and never
    /// queries the store itself. Default 10 s; at least 100 ms.
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);
}
