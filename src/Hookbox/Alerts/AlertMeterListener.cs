using System.Diagnostics.Metrics;

namespace Hookbox;

/// <summary>
/// Feeds <see cref="AlertCounters"/> from the <c>Hookbox</c> meter's attempt and request
/// counters, so the alerts see exactly what the metrics count without the dispatcher or the
/// ingest path knowing about them. Only this host's meter is heard: another host in the same
/// process (tests, or two apps) has a meter of the same name from another factory.
/// </summary>
internal sealed class AlertMeterListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly AlertCounters _counters;

    public AlertMeterListener(IMeterFactory meterFactory, AlertCounters counters)
    {
        _counters = counters;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HookboxMetrics.MeterName
                && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && instrument.Name is HookboxMetrics.Names.Attempts or HookboxMetrics.Names.Requests)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
    }

    /// <summary>Starts listening: instruments created before and after are both heard.</summary>
    public void Start() => _listener.Start();

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var attempts = instrument.Name == HookboxMetrics.Names.Attempts;
        var subjectTag = attempts ? "route" : "source";
        string? subject = null;
        string? outcome = null;
        foreach (var tag in tags)
        {
            if (tag.Key == subjectTag)
                subject = tag.Value as string;
            else if (tag.Key == "outcome")
                outcome = tag.Value as string;
        }

        // A released attempt was stopped by shutdown: it is not an attempt, and it runs again.
        if (subject is null || outcome is null || (attempts && outcome == "released"))
            return;

        if (attempts)
            _counters.Attempt(subject, outcome, measurement);
        else
            _counters.Request(subject, outcome, measurement);
    }
}
