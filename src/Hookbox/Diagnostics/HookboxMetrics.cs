using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Hookbox;

/// <summary>
/// Hookbox's instruments, on the one <c>Hookbox</c> meter. Attempts and requests are counted
/// from <see cref="HookboxSignals"/>, which the alerts hear too; the rest are recorded directly.
/// </summary>
internal sealed class HookboxMetrics : IHookboxSignalObserver
{
    /// <summary>The meter's name, for exporters and listeners.</summary>
    public const string MeterName = HookboxDiagnostics.MeterName;

    // Bucket boundaries, as advice to exporters: their default boundaries (0, 5, 10, 25… up to
    // 10 000) suit milliseconds and would put every answer measured in seconds in the first one.
    // Acks: Pocketsflow gives up after 5 s.
    private static readonly double[] AckBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // Attempts: Dispatch:AttemptTimeout is 30 s by default.
    private static readonly double[] AttemptBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    // Receipt to delivery: milliseconds when all goes well, hours when retries back off.
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 60, 300, 900, 3600, 21600, 86400];

    private static readonly int[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    private readonly Counter<long> _commits;
    private readonly Counter<long> _commitFailures;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _rejectionsDropped;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _throttled;
    private readonly Histogram<double> _ackDuration;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _deliveryLatency;
    private readonly Counter<long> _catchUpRuns;
    private readonly Counter<long> _catchUpEvents;
    private readonly ConcurrentDictionary<string, double> _catchUpLastSuccess = new(StringComparer.Ordinal);

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public HookboxMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(Names.Requests, "{request}", "Webhook requests to a known source, by source and outcome (accepted, duplicate, abandoned or the error code)");
        _throttled = meter.CreateCounter<long>("hookbox.ingest.throttled", "{request}", "Webhook requests answered 429 too_many_refusals before their body was read: their client address collected too many refusals");
        _commits = meter.CreateCounter<long>("hookbox.inbox.commits", "{commit}", "Inbox transactions committed");
        _commitFailures = meter.CreateCounter<long>("hookbox.inbox.commit_failures", "{commit}", "Inbox transactions that failed");
        _batchSize = meter.CreateHistogram("hookbox.inbox.batch_size", "{event}", "Events per inbox commit", tags: null, Advice(BatchBuckets));
        _commitDuration = meter.CreateHistogram("hookbox.inbox.commit_duration", "s", "Time to write and durably commit one batch", tags: null, Advice(AckBuckets));
        _rejectionsDropped = meter.CreateCounter<long>("hookbox.ingest.rejections_dropped", "{rejection}", "Rejections not logged because the log was behind");
        _ackDuration = meter.CreateHistogram("hookbox.ingest.ack_duration", "s", "From a webhook request's arrival to its answer, by source and status code", tags: null, Advice(AckBuckets));
        _attempts = meter.CreateCounter<long>(Names.Attempts, "{attempt}", "Delivery attempts, by route and outcome (succeeded, retrying, dead, released)");
        _attemptDuration = meter.CreateHistogram("hookbox.dispatch.attempt_duration", "s", "Time one delivery attempt took, by route and outcome", tags: null, Advice(AttemptBuckets));
        _deliveryLatency = meter.CreateHistogram("hookbox.dispatch.delivery_latency", "s", "From an event's receipt to its successful delivery, by route", tags: null, Advice(LatencyBuckets));
        _catchUpRuns = meter.CreateCounter<long>("hookbox.catchup.runs", "{run}", "Catch-up looks at a sender's API, by source and outcome (completed, or why it failed)");
        _catchUpEvents = meter.CreateCounter<long>("hookbox.catchup.events", "{event}", "Events catch-up looks listed, by source and result (present, recovered, malformed)");
        meter.CreateObservableGauge(
            "hookbox.catchup.last_success_timestamp",
            () => _catchUpLastSuccess.Select(s => new Measurement<double>(s.Value, new KeyValuePair<string, object?>("source", s.Key))),
            "s",
            "When each source's latest completed catch-up look finished, in Unix seconds");
    }

    /// <summary>The instrument names, for tests and exporters' configuration.</summary>
    internal static class Names
    {
        public const string Requests = "hookbox.ingest.requests";
        public const string Attempts = "hookbox.dispatch.attempts";
    }

    /// <summary>The outcomes of <see cref="Names.Requests"/> that are not error codes.</summary>
    internal static class Outcomes
    {
        public const string Accepted = "accepted";
        public const string Duplicate = "duplicate";

        /// <summary>The sender hung up, or sent a broken body, before there was anything to answer.</summary>
        public const string Abandoned = "abandoned";

        /// <summary>A delivery attempt stopped by shutdown: it does not count, and runs again.</summary>
        public const string Released = "released";
    }

    void IHookboxSignalObserver.OnRequestAnswered(in RequestAnswered request) =>
        _requests.Add(1, new KeyValuePair<string, object?>("source", request.Source), new KeyValuePair<string, object?>("outcome", request.Outcome));

    internal void Committed(int events, TimeSpan duration)
    {
        _commits.Add(1);
        _commitDuration.Record(duration.TotalSeconds);
        if (events > 0)
            _batchSize.Record(events);
    }

    internal void CommitFailed() => _commitFailures.Add(1);

    internal void Answered(string source, int statusCode, TimeSpan duration) =>
        _ackDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("status_code", statusCode));

    void IHookboxSignalObserver.OnAttemptFinished(in AttemptFinished attempt)
    {
        var routeTag = new KeyValuePair<string, object?>("route", attempt.Route);
        var outcomeTag = new KeyValuePair<string, object?>("outcome", DeliveryOutcome.Text(attempt.Outcome));
        _attempts.Add(1, routeTag, outcomeTag);
        _attemptDuration.Record(attempt.Elapsed.TotalSeconds, routeTag, outcomeTag);
    }

    internal void Delivered(string route, TimeSpan sinceReceived) =>
        _deliveryLatency.Record(Math.Max(0, sinceReceived.TotalSeconds), new KeyValuePair<string, object?>("route", route));

    internal void RejectionDropped() => _rejectionsDropped.Add(1);

    internal void Throttled() => _throttled.Add(1);

    internal void CatchUpRan(string source, string outcome, DateTimeOffset finishedAt)
    {
        _catchUpRuns.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == CatchUpOutcomes.Completed)
            _catchUpLastSuccess[source] = finishedAt.ToUnixTimeMilliseconds() / 1000.0;
    }

    internal void CatchUpEvents(string source, string result, int count)
    {
        if (count > 0)
            _catchUpEvents.Add(count, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("result", result));
    }

    private static InstrumentAdvice<T> Advice<T>(T[] buckets)
        where T : struct => new() { HistogramBucketBoundaries = buckets };
}
