using System.Diagnostics.Metrics;

namespace Hookbox;

/// <summary>Hookbox's instruments, on the one <c>Hookbox</c> meter.</summary>
internal sealed class HookboxMetrics
{
    /// <summary>The meter's name, for exporters and listeners.</summary>
    public const string MeterName = "Hookbox";

    private readonly Counter<long> _commits;
    private readonly Counter<long> _commitFailures;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _rejectionsDropped;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _ackDuration;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _deliveryLatency;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public HookboxMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(Names.Requests, "{request}", "Webhook requests to a known source, by source and outcome");
        _commits = meter.CreateCounter<long>("hookbox.inbox.commits", "{commit}", "Inbox transactions committed");
        _commitFailures = meter.CreateCounter<long>("hookbox.inbox.commit_failures", "{commit}", "Inbox transactions that failed");
        _batchSize = meter.CreateHistogram<int>("hookbox.inbox.batch_size", "{event}", "Events per inbox commit");
        _commitDuration = meter.CreateHistogram<double>("hookbox.inbox.commit_duration", "s", "Time to write and durably commit one batch");
        _rejectionsDropped = meter.CreateCounter<long>("hookbox.ingest.rejections_dropped", "{rejection}", "Rejections not logged because the log was behind");
        _ackDuration = meter.CreateHistogram<double>("hookbox.ingest.ack_duration", "s", "From a webhook request's arrival to its answer, by source and status code");
        _attempts = meter.CreateCounter<long>(Names.Attempts, "{attempt}", "Delivery attempts, by route and outcome (succeeded, retrying, dead, released)");
        _attemptDuration = meter.CreateHistogram<double>("hookbox.dispatch.attempt_duration", "s", "Time one delivery attempt took, by route and outcome");
        _deliveryLatency = meter.CreateHistogram<double>("hookbox.dispatch.delivery_latency", "s", "From an event's receipt to its successful delivery, by route");
    }

    /// <summary>The instrument names, for listeners such as the alerts.</summary>
    internal static class Names
    {
        public const string Requests = "hookbox.ingest.requests";
        public const string Attempts = "hookbox.dispatch.attempts";
    }

    internal void Request(string source, string outcome) =>
        _requests.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", outcome));

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

    internal void Attempted(string route, string outcome, TimeSpan duration)
    {
        var routeTag = new KeyValuePair<string, object?>("route", route);
        var outcomeTag = new KeyValuePair<string, object?>("outcome", outcome);
        _attempts.Add(1, routeTag, outcomeTag);
        _attemptDuration.Record(duration.TotalSeconds, routeTag, outcomeTag);
    }

    internal void Delivered(string route, TimeSpan sinceReceived) =>
        _deliveryLatency.Record(Math.Max(0, sinceReceived.TotalSeconds), new KeyValuePair<string, object?>("route", route));

    internal void RejectionDropped() => _rejectionsDropped.Add(1);
}
