using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Hookbox;

/// <summary>
/// Delivery attempts by route and requests by source, each by outcome, over the sliding
/// <c>Alerts:Window</c>: thirty buckets of a thirtieth of the window each (10 s for the default
/// 5 minutes), on the <see cref="TimeProvider"/>'s clock. A count leaves the window between
/// 29 and 30 buckets after it was made. Fed by <see cref="HookboxSignals"/> while the alerts run.
/// </summary>
internal sealed class AlertCounters : IHookboxSignalObserver
{
    internal const int Buckets = 30;

    private readonly ConcurrentDictionary<(string Subject, string Outcome), SlidingCount> _attempts = new();
    private readonly ConcurrentDictionary<(string Subject, string Outcome), SlidingCount> _requests = new();
    // When each source's last webhook came, in UTC ticks (0: not yet), in a box per source that is
    // written in place: a value wider than a pointer made the dictionary allocate a node for every
    // request.
    private readonly ConcurrentDictionary<string, StrongBox<long>> _lastWebhook = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly long _bucketLength;

    public AlertCounters(TimeSpan window, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _bucketLength = BucketLength(window, timeProvider);
    }

    /// <summary>The length of one bucket, in <paramref name="timeProvider"/>'s timestamp ticks.</summary>
    internal static long BucketLength(TimeSpan window, TimeProvider timeProvider) =>
        Math.Max(1, (long)(window.TotalSeconds / Buckets * timeProvider.TimestampFrequency));

    /// <summary>Counts a finished attempt; one released by shutdown is not an attempt, and it runs again.</summary>
    void IHookboxSignalObserver.OnAttemptFinished(in AttemptFinished attempt)
    {
        if (!attempt.Released)
            Attempt(attempt.Route, DeliveryOutcome.Text(attempt.Outcome), 1);
    }

    void IHookboxSignalObserver.OnRequestAnswered(in RequestAnswered request) => Request(request.Source, request.Outcome, 1);

    /// <summary>Counts a finished delivery attempt of <paramref name="route"/>: succeeded, retrying or dead.</summary>
    public void Attempt(string route, string outcome, long count) => Add(_attempts, route, outcome, count);

    /// <summary>Counts a request to <paramref name="source"/>: accepted, duplicate or an error code.</summary>
    public void Request(string source, string outcome, long count)
    {
        Add(_requests, source, outcome, count);

        // A duplicate is the sender delivering too: either way, webhooks are getting through.
        if (outcome is HookboxMetrics.Outcomes.Accepted or HookboxMetrics.Outcomes.Duplicate)
            Volatile.Write(ref _lastWebhook.GetOrAdd(source, static _ => new StrongBox<long>()).Value, _timeProvider.GetUtcNow().UtcTicks);
    }

    /// <summary>When a webhook of <paramref name="source"/> was last accepted (or found a duplicate), since this process started.</summary>
    public DateTimeOffset? LastWebhook(string source) =>
        _lastWebhook.TryGetValue(source, out var box) && Volatile.Read(ref box.Value) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Every route's attempts in the window now, by outcome; routes that ever had one are all there.</summary>
    public IReadOnlyDictionary<string, OutcomeCounts> Attempts() => Snapshot(_attempts);

    /// <summary>Every source's requests in the window now, by outcome; sources that ever had one are all there.</summary>
    public IReadOnlyDictionary<string, OutcomeCounts> Requests() => Snapshot(_requests);

    private long CurrentBucket => _timeProvider.GetTimestamp() / _bucketLength;

    private void Add(ConcurrentDictionary<(string, string), SlidingCount> counts, string subject, string outcome, long count) =>
        counts.GetOrAdd((subject, outcome), static _ => new SlidingCount(Buckets)).Add(CurrentBucket, count);

    private Dictionary<string, OutcomeCounts> Snapshot(ConcurrentDictionary<(string Subject, string Outcome), SlidingCount> counts)
    {
        var current = CurrentBucket;
        return counts
            .GroupBy(c => c.Key.Subject, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new OutcomeCounts(g.ToDictionary(c => c.Key.Outcome, c => c.Value.Sum(current), StringComparer.Ordinal)),
                StringComparer.Ordinal);
    }
}
