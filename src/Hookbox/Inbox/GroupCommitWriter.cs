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
/// </summary>
internal sealed partial class GroupCommitWriter : IInboxAppender, IAsyncDisposable
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions
    {
        SingleReader = true,
        AllowSynchronousContinuations = false,
    });

    private readonly IInboxBatchWriter _store;
    private readonly IngestOptions _options;
    private readonly HookboxMetrics _metrics;
    private readonly ILogger<GroupCommitWriter> _logger;
    private readonly CancellationTokenSource _abort = new();
    private int _queuedEvents;
    private int _queuedRejections;
    private int _disposed;
    private Task _loop = Task.CompletedTask;

    public GroupCommitWriter(IInboxBatchWriter store, IOptions<HookboxOptions> options, HookboxMetrics metrics, ILogger<GroupCommitWriter> logger)
    {
        _store = store;
        _options = options.Value.Ingest;
        _metrics = metrics;
        _logger = logger;
    }

    public ValueTask<AppendResult> AppendAsync(IncomingEvent incoming, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _queuedEvents) > _options.MaxQueuedEvents)
        {
            Interlocked.Decrement(ref _queuedEvents);
            return ValueTask.FromException<AppendResult>(
                new StoreUnavailableException($"the inbox is behind: {_options.MaxQueuedEvents} events are already waiting for a commit"));
        }

        var pending = new PendingAppend(incoming);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _queuedEvents);
            return ValueTask.FromException<AppendResult>(new StoreUnavailableException("Hookbox is shutting down"));
        }

        // Not cancellable: the commit goes ahead whether or not the caller still waits, and it
        // takes milliseconds; an abandoned request simply finds nobody to answer.
        _ = cancellationToken;
        return new ValueTask<AppendResult>(pending.Completion.Task);
    }

    public bool TryRecordRejection(Rejection rejection)
    {
        // The log is for diagnosis: under a flood of bad requests it drops entries (more than a
        // batch waiting) rather than queue without bound or slow the commits that answer real events.
        if (_options.RejectionLogCapacity == 0 || Interlocked.Increment(ref _queuedRejections) > _options.MaxBatchSize)
        {
            Interlocked.Decrement(ref _queuedRejections);
            _metrics.RejectionDropped();
            return false;
        }

        if (_queue.Writer.TryWrite(new PendingRejection(rejection)))
            return true;

        Interlocked.Decrement(ref _queuedRejections);
        return false;
    }

    /// <summary>Starts committing. Events appended before this wait in the queue.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Commits what is queued, then stops; if <paramref name="cancellationToken"/> fires first, abandons the rest.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
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

        _queue.Writer.TryComplete();
        await _abort.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _abort.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batchSize = _options.MaxBatchSize;
        var events = new List<IncomingEvent>(batchSize);
        var waiters = new List<PendingAppend>(batchSize);
        var rejections = new List<Rejection>();

        // No token: after Complete(), the loop drains what was queued before it ends.
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (events.Count + rejections.Count < batchSize && reader.TryRead(out var item))
            {
                if (item is PendingAppend append)
                {
                    events.Add(append.Event);
                    waiters.Add(append);
                }
                else
                {
                    rejections.Add(((PendingRejection)item).Rejection);
                }
            }

            await CommitAsync(events, waiters, rejections).ConfigureAwait(false);
            events.Clear();
            waiters.Clear();
            rejections.Clear();
        }
    }

    private async Task CommitAsync(List<IncomingEvent> events, List<PendingAppend> waiters, List<Rejection> rejections)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var results = await _store.WriteBatchAsync(events, rejections, _abort.Token).ConfigureAwait(false);
            _metrics.Committed(events.Count, Stopwatch.GetElapsedTime(started));
            if (waiters.Count > 0)
                ThreadPool.UnsafeQueueUserWorkItem(Answer, new CommittedBatch([.. waiters], results, null), preferLocal: false);
        }
        catch (Exception ex)
        {
            // The loop's boundary: a failed commit stores nothing of the batch, so every waiting
            // request is told so (503) and the writer carries on with the next batch.
            Log.CommitFailed(_logger, events.Count, rejections.Count, ex);
            _metrics.CommitFailed();
            var failure = new StoreUnavailableException("the inbox store could not commit the event", ex);
            if (waiters.Count > 0)
                ThreadPool.UnsafeQueueUserWorkItem(Answer, new CommittedBatch([.. waiters], null, failure), preferLocal: false);
        }
        finally
        {
            Interlocked.Add(ref _queuedEvents, -events.Count);
            Interlocked.Add(ref _queuedRejections, -rejections.Count);
        }
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Inbox commit of {EventCount} events and {RejectionCount} rejections failed; their requests are answered 503")]
        public static partial void CommitFailed(ILogger logger, int eventCount, int rejectionCount, Exception exception);
    }
}
