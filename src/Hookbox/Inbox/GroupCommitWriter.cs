using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// The inbox's one writer. Requests queue their events; the writer takes everything queued
/// (up to a batch) and commits it in one transaction and one fsync, then answers each request
/// from that commit. Under load, batches grow and the cost of durability is shared; idle, a
/// lone event commits at once. One writer also means SQLite never sees writers contend.
/// Commits are pipelined: while one batch waits to be durable (SQLite's WAL sync, PostgreSQL's
/// commit on another connection), the next is written; at most
/// <see cref="MaxCommitsInFlight"/> wait at once, so the batches still grow under load.
/// </summary>
internal sealed partial class GroupCommitWriter : IInboxAppender, IAsyncDisposable
{
    // Rejections ride along with events, a few per commit: a flood of junk requests never
    // crowds real events out of a batch, and past this many waiting, entries are dropped.
    private const int MaxRejectionsPerCommit = 32;
    private const int MaxQueuedRejections = 1024;

    /// <summary>Batches written and waiting to be durable at once: one syncing, one being written.</summary>
    internal const int MaxCommitsInFlight = 2;

    private readonly Channel<PendingAppend> _events = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Rejection> _rejections = Channel.CreateBounded<Rejection>(new BoundedChannelOptions(MaxQueuedRejections) { SingleReader = true });

    // Rung after every write to either queue; the writer sleeps on it when both are empty.
    private readonly Channel<byte> _doorbell = Channel.CreateBounded<byte>(new BoundedChannelOptions(1)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    private readonly IInboxBatchWriter _store;
    private readonly IngestOptions _options;
    private readonly HookboxMetrics _metrics;
    private readonly DispatchSignal _dispatch;
    private readonly ILogger<GroupCommitWriter> _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentBag<Batch> _spareBatches = [];
    private int _queuedEvents;
    private long _queuedBytes;
    private int _disposed;
    private Task _loop = Task.CompletedTask;

    public GroupCommitWriter(IInboxBatchWriter store, IOptions<HookboxOptions> options, HookboxMetrics metrics, DispatchSignal dispatch, ILogger<GroupCommitWriter> logger)
    {
        _store = store;
        _options = options.Value.Ingest;
        _metrics = metrics;
        _dispatch = dispatch;
        _logger = logger;
    }

    /// <summary>Events waiting for a commit, and how many may wait before ingest answers 503.</summary>
    public (int Queued, int Limit) Backlog => (Volatile.Read(ref _queuedEvents), _options.MaxQueuedEvents);

    public ValueTask<AppendResult> AppendAsync(IncomingEvent incoming, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _queuedEvents) > _options.MaxQueuedEvents)
        {
            Interlocked.Decrement(ref _queuedEvents);
            return ValueTask.FromException<AppendResult>(
                new StoreUnavailableException($"the inbox is behind: {_options.MaxQueuedEvents} events are already waiting for a commit"));
        }

        // Memory, not just a count: a stalled store must not hold thousands of megabyte bodies.
        var bytes = SizeOf(incoming);
        if (Interlocked.Add(ref _queuedBytes, bytes) > _options.MaxQueuedBytes)
        {
            Release(1, bytes);
            return ValueTask.FromException<AppendResult>(
                new StoreUnavailableException($"the inbox is behind: {_options.MaxQueuedBytes} bytes of events are already waiting for a commit"));
        }

        var pending = new PendingAppend(incoming);
        if (!_events.Writer.TryWrite(pending))
        {
            Release(1, bytes);
            return ValueTask.FromException<AppendResult>(new StoreUnavailableException("Hookbox is shutting down"));
        }

        _doorbell.Writer.TryWrite(0);

        // Not cancellable: the commit goes ahead whether or not the caller still waits, and it
        // takes milliseconds; an abandoned request simply finds nobody to answer.
        _ = cancellationToken;
        return new ValueTask<AppendResult>(pending.Completion.Task);
    }

    public bool TryRecordRejection(Rejection rejection)
    {
        if (_options.RejectionLogCapacity == 0 || !_rejections.Writer.TryWrite(rejection))
        {
            _metrics.RejectionDropped();
            return false;
        }

        _doorbell.Writer.TryWrite(0);
        return true;
    }

    /// <summary>Starts committing. Events appended before this wait in the queue.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Commits what is queued, then stops; if <paramref name="cancellationToken"/> fires first, abandons the rest.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Close();
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The container disposes this once per service it is registered as.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        Close();
        await _abort.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _abort.Dispose();
    }

    private void Close()
    {
        _events.Writer.TryComplete();
        _rejections.Writer.TryComplete();
        _doorbell.Writer.TryComplete();
    }

    private async Task RunAsync()
    {
        var inFlight = new List<Task>(MaxCommitsInFlight);

        // Started from whatever called Start(): each commit serves many requests, so it is a trace
        // of its own, not a child of the first request that happened to be running.
        Activity.Current = null;

        // No token: after Close(), the loop drains what was queued before it ends.
        do
        {
            _doorbell.Reader.TryRead(out _);
            while (true)
            {
                // Waited for before the next batch is taken, so what comes in meanwhile joins it.
                if (inFlight.Count == MaxCommitsInFlight)
                    inFlight.Remove(await Task.WhenAny(inFlight).ConfigureAwait(false));

                var batch = _spareBatches.TryTake(out var spare) ? spare : new Batch(_options.MaxBatchSize);
                if (!batch.Fill(_events.Reader, _rejections.Reader))
                {
                    _spareBatches.Add(batch);
                    break;
                }

                inFlight.Add(CommitAsync(batch));
            }
        }
        while (await _doorbell.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false));

        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private async Task CommitAsync(Batch batch)
    {
        using var activity = HookboxActivities.StartCommit(batch.Events.Count, batch.Rejections.Count);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var results = await _store.WriteBatchAsync(batch.Events, batch.Rejections, _abort.Token).ConfigureAwait(false);
            if (results.Count != batch.Events.Count)
                throw new InvalidOperationException($"The store answered {results.Count} results for {batch.Events.Count} events.");

            _metrics.Committed(batch.Events.Count, Stopwatch.GetElapsedTime(started));
            HookboxActivities.Completed(activity, "committed");
            if (HasNewDeliveries(batch.Events, results))
                _dispatch.Ring();

            if (batch.Waiters.Count > 0)
                ThreadPool.UnsafeQueueUserWorkItem(Answer, new CommittedBatch([.. batch.Waiters], results, null), preferLocal: false);
        }
        catch (Exception ex)
        {
            // The loop's boundary: a failed commit stores nothing of the batch, so every waiting
            // request is told so (503) and the writer carries on with the next batch.
            Log.CommitFailed(_logger, batch.Events.Count, batch.Rejections.Count, ex);
            _metrics.CommitFailed();
            HookboxActivities.Failed(activity, "failed", ex.Message);
            var failure = new StoreUnavailableException("the inbox store could not commit the event", ex);
            if (batch.Waiters.Count > 0)
                ThreadPool.UnsafeQueueUserWorkItem(Answer, new CommittedBatch([.. batch.Waiters], null, failure), preferLocal: false);
        }
        finally
        {
            long bytes = 0;
            foreach (var incoming in batch.Events)
                bytes += SizeOf(incoming);

            Release(batch.Events.Count, bytes);
            batch.Clear();
            _spareBatches.Add(batch);
        }
    }

    private static long SizeOf(IncomingEvent incoming) => incoming.Body.Length + incoming.Headers.Length;

    private void Release(int events, long bytes)
    {
        Interlocked.Add(ref _queuedEvents, -events);
        Interlocked.Add(ref _queuedBytes, -bytes);
    }

    private static bool HasNewDeliveries(List<IncomingEvent> events, IReadOnlyList<AppendResult> results)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (results[i].Status == AppendStatus.Accepted && events[i].Deliveries.Count > 0)
                return true;
        }

        return false;
    }

    /// <summary>
    /// Answers every request of a batch from one thread-pool work item: each request's code runs
    /// inline as its completion is set, so a commit costs one thread wake, not one per event, and
    /// the writer is already back committing the next batch.
    /// </summary>
    private static void Answer(CommittedBatch batch)
    {
        for (var i = 0; i < batch.Waiters.Length; i++)
        {
            if (batch.Results is { } results)
                batch.Waiters[i].Completion.TrySetResult(results[i]);
            else
                batch.Waiters[i].Completion.TrySetException(batch.Failure!); // set whenever Results is not
        }
    }

    private sealed record CommittedBatch(PendingAppend[] Waiters, IReadOnlyList<AppendResult>? Results, StoreUnavailableException? Failure);

    /// <summary>The items of one commit, reused from commit to commit.</summary>
    private sealed class Batch(int maxEvents)
    {
        public List<IncomingEvent> Events { get; } = new(maxEvents);

        public List<PendingAppend> Waiters { get; } = new(maxEvents);

        public List<Rejection> Rejections { get; } = new(MaxRejectionsPerCommit);

        /// <summary>Takes up to a batch of events and a few rejections; false when nothing was queued.</summary>
        public bool Fill(ChannelReader<PendingAppend> events, ChannelReader<Rejection> rejections)
        {
            while (Events.Count < maxEvents && events.TryRead(out var pending))
            {
                Events.Add(pending.Event);
                Waiters.Add(pending);
            }

            while (Rejections.Count < MaxRejectionsPerCommit && rejections.TryRead(out var rejection))
                Rejections.Add(rejection);

            return Events.Count + Rejections.Count > 0;
        }

        public void Clear()
        {
            Events.Clear();
            Waiters.Clear();
            Rejections.Clear();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Inbox.CommitFailed, Level = LogLevel.Error, Message = "Inbox commit of {EventCount} events and {RejectionCount} rejections failed; their requests are answered 503")]
        public static partial void CommitFailed(ILogger logger, int eventCount, int rejectionCount, Exception exception);
    }
}
