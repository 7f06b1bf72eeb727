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

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public HookboxMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("hookbox.ingest.requests", "{request}", "Webhook requests to a known source, by source and outcome");
        _commits = meter.CreateCounter<long>("hookbox.inbox.commits", "{commit}", "Inbox transactions committed");
        _commitFailures = meter.CreateCounter<long>("hookbox.inbox.commit_failures", "{commit}", "Inbox transactions that failed");
        _batchSize = meter.CreateHistogram<int>("hookbox.inbox.batch_size", "{event}", "Events per inbox commit");
        _commitDuration = meter.CreateHistogram<double>("hookbox.inbox.commit_duration", "s", "Time to write and durably commit one batch");
        _rejectionsDropped = meter.CreateCounter<long>("hookbox.ingest.rejections_dropped", "{rejection}", "Rejections not logged because the log was behind");
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

    internal void RejectionDropped() => _rejectionsDropped.Add(1);
}
