using System.Diagnostics.Metrics;

namespace Hookbox;

/// <summary>
/// The gauges of the inbox's state — due deliveries, the oldest pending delivery's age, dead
/// events — as of the latest reading <see cref="InboxStatsSampler"/> took. A scrape reads that
/// reading, never the store: scrapers add no load to the database, and a slow database never
/// stalls a scrape. Without a reading (none yet, or the store failed the last one) the gauges
/// report nothing rather than numbers that may no longer be true.
/// </summary>
internal sealed class InboxGauges
{
    public const string Backlog = "hookbox.dispatch.backlog";
    public const string OldestPendingAge = "hookbox.dispatch.oldest_pending_age";
    public const string DeadEvents = "hookbox.dispatch.dead_events";

    private readonly TimeProvider _timeProvider;
    private readonly ObservableGauge<long> _backlog;
    private readonly ObservableGauge<double> _oldestPendingAge;
    private readonly ObservableGauge<long> _deadEvents;
    private DispatchStats? _latest;

    public InboxGauges(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _timeProvider = timeProvider;
        var meter = meterFactory.Create(HookboxMetrics.MeterName);
        _backlog = meter.CreateObservableGauge(Backlog, ObserveBacklog, "{delivery}", "Deliveries due now and not yet run: the dispatch backlog");
        _oldestPendingAge = meter.CreateObservableGauge(OldestPendingAge, ObserveOldestPendingAge, "s",
            "Age of the oldest event with a delivery still pending or retrying; 0 when there is none");
        _deadEvents = meter.CreateObservableGauge(DeadEvents, ObserveDeadEvents, "{event}", "Events with a dead delivery, waiting for a replay");
    }

    /// <summary>Whether anything listens to the gauges; when nothing does, reading the store for them is wasted.</summary>
    public bool Observed => _backlog.Enabled || _oldestPendingAge.Enabled || _deadEvents.Enabled;

    /// <summary>The latest reading, as the gauges report it; null when they report nothing.</summary>
    public DispatchStats? Latest => Volatile.Read(ref _latest);

    public void Update(DispatchStats stats) => Volatile.Write(ref _latest, stats);

    public void Clear() => Volatile.Write(ref _latest, null);

    private IEnumerable<Measurement<long>> ObserveBacklog() =>
        Latest is { } latest ? [new Measurement<long>(latest.Due)] : [];

    private IEnumerable<Measurement<long>> ObserveDeadEvents() =>
        Latest is { } latest ? [new Measurement<long>(latest.DeadEvents)] : [];

    // The age is taken now, not at the reading, so a stuck delivery's age keeps growing between readings.
    private IEnumerable<Measurement<double>> ObserveOldestPendingAge() =>
        Latest is { } latest
            ? [new Measurement<double>(latest.OldestPending is { } oldest ? Math.Max(0, (_timeProvider.GetUtcNow() - oldest).TotalSeconds) : 0)]
            : [];
}
