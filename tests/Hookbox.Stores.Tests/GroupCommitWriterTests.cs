using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Hookbox.Stores.Tests;

/// <summary>Group commit over the real SQLite store: one transaction, one fsync, for everything queued.</summary>
public sealed class GroupCommitWriterTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private SqliteInboxStore _store = null!; // set in InitializeAsync

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = Store(TimeSpan.FromSeconds(2));
        await _store.MigrateAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private SqliteInboxStore Store(TimeSpan busyTimeout) => new(
        Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { DatabasePath = _directory.Combine("hookbox.db"), BusyTimeout = busyTimeout }),
        Microsoft.Extensions.Options.Options.Create(new HookboxOptions()),
        TimeProvider.System,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteInboxStore>.Instance);

    private static GroupCommitWriter Writer(IInboxBatchWriter store, HookboxMetrics metrics, IngestOptions? ingest = null) => new(
        store,
        Microsoft.Extensions.Options.Options.Create(new HookboxOptions { Ingest = ingest ?? new IngestOptions() }),
        metrics,
        new DispatchSignal(TimeProvider.System),
        Microsoft.Extensions.Logging.Abstractions.NullLogger<GroupCommitWriter>.Instance);

    private static IncomingEvent Event(string eventId) => new(
        HookboxId.New(TimeProvider.System), "pocketsflow", new EventEnvelope(eventId, "order.completed"),
        DateTimeOffset.UnixEpoch, null, "application/json", "{}"u8.ToArray(), "{}"u8.ToArray(), []);

    [Fact]
    public async Task AppendAsync_FiftyEventsQueuedTogether_CommitInOneTransaction()
    {
        var factory = TestMetrics.Factory();
        using var commits = new MetricCollector<long>(factory, HookboxMetrics.MeterName, "hookbox.inbox.commits");
        using var batchSizes = new MetricCollector<int>(factory, HookboxMetrics.MeterName, "hookbox.inbox.batch_size");
        await using var writer = Writer(_store, new HookboxMetrics(factory));

        // Queued while the writer is not yet running, as requests queue while a commit is in flight.
        var appends = Enumerable.Range(0, 50).Select(i => writer.AppendAsync(Event($"e{i}"), Token).AsTask()).ToArray();
        writer.Start();
        var results = await Task.WhenAll(appends);

        Assert.All(results, r => Assert.Equal(AppendStatus.Accepted, r.Status));
        Assert.Equal(1, commits.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(50, Assert.Single(batchSizes.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task AppendAsync_MoreThanABatchQueued_CommitsInBatchesOfTheMaximum()
    {
        var factory = TestMetrics.Factory();
        using var batchSizes = new MetricCollector<int>(factory, HookboxMetrics.MeterName, "hookbox.inbox.batch_size");
        await using var writer = Writer(_store, new HookboxMetrics(factory), new IngestOptions { MaxBatchSize = 20 });

        var appends = Enumerable.Range(0, 50).Select(i => writer.AppendAsync(Event($"e{i}"), Token).AsTask()).ToArray();
        writer.Start();
        await Task.WhenAll(appends);

        Assert.Equal([20, 20, 10], batchSizes.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task AppendAsync_ABatchWaitingToBeDurable_DoesNotHoldUpTheNext()
    {
        var store = new HeldFirstBatch(_store);
        await using var writer = Writer(store, TestMetrics.Create());
        writer.Start();

        var first = writer.AppendAsync(Event("first"), Token).AsTask();
        await store.FirstWritten.Task.WaitAsync(Token);
        var second = await writer.AppendAsync(Event("second"), Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.Equal(AppendStatus.Accepted, second.Status);
        Assert.False(first.IsCompleted, "the first batch is still waiting to be durable");
        store.Release.SetResult();
        Assert.Equal(AppendStatus.Accepted, (await first).Status);
    }

    [Fact]
    public async Task AppendAsync_StoreFails_EveryWaitingEventIsUnavailableAndLaterOnesSucceed()
    {
        await using var shortBusy = Store(TimeSpan.FromMilliseconds(200));
        await using var writer = Writer(shortBusy, TestMetrics.Create());
        using var blocker = new SqliteConnection($"Data Source={_directory.Combine("hookbox.db")};Pooling=False");
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        var blocked = Enumerable.Range(0, 5).Select(i => writer.AppendAsync(Event($"b{i}"), Token).AsTask()).ToArray();
        writer.Start();
        foreach (var append in blocked)
            await Assert.ThrowsAsync<StoreUnavailableException>(() => append);

        blocker.Close();
        var after = await writer.AppendAsync(Event("b0"), Token);

        // Nothing of the failed batch was stored: the same event id is new, not a duplicate.
        Assert.Equal(AppendStatus.Accepted, after.Status);
    }

    [Fact]
    public async Task AppendAsync_QueueFull_IsUnavailableAtOnce()
    {
        await using var writer = Writer(_store, TestMetrics.Create(), new IngestOptions { MaxBatchSize = 2, MaxQueuedEvents = 2 });

        var queued = new[] { writer.AppendAsync(Event("q1"), Token).AsTask(), writer.AppendAsync(Event("q2"), Token).AsTask() };

        await Assert.ThrowsAsync<StoreUnavailableException>(() => writer.AppendAsync(Event("q3"), Token).AsTask());
        writer.Start();
        Assert.All(await Task.WhenAll(queued), r => Assert.Equal(AppendStatus.Accepted, r.Status));
    }

    [Fact]
    public async Task AppendAsync_QueuedBytesPastMaxQueuedBytes_IsUnavailableAtOnce()
    {
        // Each test event is 4 bytes (a 2-byte body and 2 bytes of headers): ten fit in 40.
        await using var writer = Writer(_store, TestMetrics.Create(), new IngestOptions { MaxQueuedBytes = 40 });
        var queued = Enumerable.Range(0, 10).Select(i => writer.AppendAsync(Event($"b{i}"), Token).AsTask()).ToArray();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => writer.AppendAsync(Event("b10"), Token).AsTask());
        writer.Start();

        Assert.Contains("40 bytes", error.Message, StringComparison.Ordinal);
        Assert.All(await Task.WhenAll(queued), r => Assert.Equal(AppendStatus.Accepted, r.Status));
        Assert.Equal(AppendStatus.Accepted, (await writer.AppendAsync(Event("b10"), Token)).Status);
    }

    [Fact]
    public async Task StopAsync_CommitsWhatIsQueuedThenRefusesMore()
    {
        await using var writer = Writer(_store, TestMetrics.Create());
        var queued = Enumerable.Range(0, 10).Select(i => writer.AppendAsync(Event($"s{i}"), Token).AsTask()).ToArray();
        writer.Start();

        await writer.StopAsync(Token);

        Assert.All(await Task.WhenAll(queued), r => Assert.Equal(AppendStatus.Accepted, r.Status));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => writer.AppendAsync(Event("late"), Token).AsTask());
    }

    /// <summary>
    /// The real store, whose first batch, once written, is answered only when the test says: as a
    /// batch whose sync is slow (a busy disk) would be.
    /// </summary>
    private sealed class HeldFirstBatch(IInboxBatchWriter store) : IInboxBatchWriter
    {
        private int _calls;

        public TaskCompletionSource FirstWritten { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyList<AppendResult>> WriteBatchAsync(IReadOnlyList<IncomingEvent> events, IReadOnlyList<Rejection> rejections, CancellationToken cancellationToken)
        {
            var results = await store.WriteBatchAsync(events, rejections, cancellationToken);
            if (Interlocked.Increment(ref _calls) == 1)
            {
                FirstWritten.SetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }

            return results;
        }
    }
}
