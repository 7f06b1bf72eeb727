using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Hookbox.AspNetCore;

/// <summary>
/// Counts duplicate deliveries per source since this instance started. Duplicates are not
/// stored (the inbox keeps one copy of an event, by design), so the overview can only learn of
/// them as they happen: from the <c>hookbox.ingest.requests</c> counter's
/// <c>outcome=duplicate</c> measurements, listened to in-process.
/// </summary>
internal sealed class DuplicateTally : IDisposable
{
    private const string DuplicateOutcome = "duplicate";
    private readonly ConcurrentDictionary<string, Counter> _bySource = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public DuplicateTally(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Since = timeProvider.GetUtcNow();

        // Only this host's meter: the factory is the meter's scope, and several hosts (tests, or
        // an app with two) each have their own, which must not count each other's requests.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HookboxMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                                                                  && instrument.Name == HookboxMetrics.Names.Requests)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>When counting began: the start of this instance, near enough.</summary>
    public DateTimeOffset Since { get; }

    /// <summary>Duplicates per source since <see cref="Since"/>.</summary>
    public IReadOnlyDictionary<string, long> Counts() =>
        _bySource.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value.Count), StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();

    // On the ingest path of every request: no allocation unless the source is new.
    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? source = null;
        var duplicate = false;
        foreach (var (key, tag) in tags)
        {
            if (key == "source")
                source = tag as string;
            else if (key == "outcome")
                duplicate = tag as string == DuplicateOutcome;
        }

        if (duplicate && source is not null)
            Interlocked.Add(ref _bySource.GetOrAdd(source, static _ => new Counter()).Count, value);
    }

    /// <summary>A counter that Interlocked can add to in place.</summary>
    private sealed class Counter
    {
        public long Count;
    }
}
