using Microsoft.Extensions.Logging.Testing;

namespace Hookbox.Tests.Dispatch;

// Each test records outcomes of deliveries leased from a real SQLite store and reads them back.
public sealed class OutcomeRecorderTests : IAsyncLifetime
{
    private static readonly TimeSpan LeaseFor = TimeSpan.FromMinutes(1);

    private readonly DispatchStore _inbox = new(new DispatchOptions());
    private readonly FakeLogger _logger = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _inbox.MigrateAsync();

    public ValueTask DisposeAsync() => _inbox.DisposeAsync();

    [Fact]
    public async Task Record_Outcome_ReachesTheStore()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders");
        var delivery = Assert.Single(await _inbox.LeaseAsync("orders", 1, LeaseFor));
        var recorder = new OutcomeRecorder(_inbox.Store, OutcomeRecorder.Linger, TimeProvider.System, _logger);
        recorder.Start();

        recorder.Record(Succeeded(delivery));

        await Poll.UntilAsync(async () => (await _inbox.DeliveryAsync(id, "orders")).Status == DeliveryStatus.Succeeded, "the outcome to be recorded", Token);
        await recorder.StopAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
    }

    [Fact]
    public async Task Record_ManyWhileABatchIsWritten_GoInTheNextBatches_AtMostMaxPerCommit_AndAllAreRecorded()
    {
        var ids = await _inbox.AppendManyAsync([.. Enumerable.Range(0, 600).Select(i => $"evt-{i}")], "orders");
        var leased = await _inbox.LeaseAsync("orders", 600, LeaseFor);
        Assert.Equal(600, leased.Count);
        var store = new ObservedLeases(_inbox.Store);
        var held = store.HoldCompletions();
        var recorder = new OutcomeRecorder(store, OutcomeRecorder.Linger, TimeProvider.System, _logger);
        recorder.Start();

        // The first outcome's batch is being written while the other 599 come in.
        recorder.Record(Succeeded(leased[0]));
        await Poll.UntilAsync(() => store.CompletionsWaiting == 1, "the first batch to be written", Token);
        foreach (var delivery in leased.Skip(1))
            recorder.Record(Succeeded(delivery));

        held.SetResult();
        await recorder.StopAsync(TimeSpan.FromSeconds(30), TimeProvider.System);

        Assert.Equal([1, OutcomeRecorder.MaxOutcomesPerCommit, OutcomeRecorder.MaxOutcomesPerCommit, 599 - (2 * OutcomeRecorder.MaxOutcomesPerCommit)], store.Completions);
        var events = await Task.WhenAll(ids.Select(id => _inbox.DeliveryAsync(id, "orders")));
        Assert.All(events, d => Assert.Equal(DeliveryStatus.Succeeded, d.Status));
    }

    [Fact]
    public async Task StopAsync_RecordsWhatWasQueued()
    {
        var ids = await _inbox.AppendManyAsync(["evt-1", "evt-2"], "orders");
        var leased = await _inbox.LeaseAsync("orders", 2, LeaseFor);
        var recorder = new OutcomeRecorder(_inbox.Store, OutcomeRecorder.Linger, TimeProvider.System, _logger);
        recorder.Start();

        foreach (var delivery in leased)
            recorder.Record(Succeeded(delivery));
        await recorder.StopAsync(TimeSpan.FromSeconds(30), TimeProvider.System);

        foreach (var id in ids)
            Assert.Equal(DeliveryStatus.Succeeded, (await _inbox.DeliveryAsync(id, "orders")).Status);
    }

    [Fact]
    public async Task Record_AfterStopAsync_IsDropped_AndLogsOutcomeDropped()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders");
        var delivery = Assert.Single(await _inbox.LeaseAsync("orders", 1, LeaseFor));
        var recorder = new OutcomeRecorder(_inbox.Store, OutcomeRecorder.Linger, TimeProvider.System, _logger);
        recorder.Start();
        await recorder.StopAsync(TimeSpan.FromSeconds(30), TimeProvider.System);

        recorder.Record(Succeeded(delivery));

        Assert.Equal(LogEventIds.Dispatch.OutcomeDropped, _logger.LatestRecord.Id.Id);
        Assert.Contains("succeeded", _logger.LatestRecord.Message, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Pending, (await _inbox.DeliveryAsync(id, "orders")).Status);
    }

    [Fact]
    public async Task Record_StoreFails_LogsRecordFailed_AndTheNextBatchIsRecorded()
    {
        var ids = await _inbox.AppendManyAsync(["evt-1", "evt-2"], "orders");
        var leased = await _inbox.LeaseAsync("orders", 2, LeaseFor);
        var store = new ObservedLeases(_inbox.Store) { Failing = true };
        var recorder = new OutcomeRecorder(store, OutcomeRecorder.Linger, TimeProvider.System, _logger);
        recorder.Start();

        recorder.Record(Succeeded(leased[0]));
        await Poll.UntilAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Id.Id == LogEventIds.Dispatch.RecordFailed), "the failure to be logged", Token);
        store.Failing = false;
        recorder.Record(Succeeded(leased[1]));

        await Poll.UntilAsync(async () => (await _inbox.DeliveryAsync(ids[1], "orders")).Status == DeliveryStatus.Succeeded, "the next batch to be recorded", Token);
        Assert.Equal(DeliveryStatus.Pending, (await _inbox.DeliveryAsync(ids[0], "orders")).Status);
        var failed = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == LogEventIds.Dispatch.RecordFailed);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        await recorder.StopAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
    }

    [Fact]
    public async Task Record_OutcomesWithinTheLinger_GoInOneBatch()
    {
        var ids = await _inbox.AppendManyAsync(["evt-1", "evt-2", "evt-3"], "orders");
        var leased = await _inbox.LeaseAsync("orders", 3, LeaseFor);
        var store = new ObservedLeases(_inbox.Store);
        var clock = new TimerWatchingTimeProvider(DispatchStore.Start);
        var recorder = new OutcomeRecorder(store, OutcomeRecorder.Linger, clock, _logger);
        recorder.Start();

        recorder.Record(Succeeded(leased[0]));
        await Poll.UntilAsync(() => clock.Waits.Contains(OutcomeRecorder.Linger), "the first outcome to linger", Token);
        recorder.Record(Succeeded(leased[1]));
        recorder.Record(Succeeded(leased[2]));
        Assert.Empty(store.Completions);

        clock.Advance(OutcomeRecorder.Linger);
        await Poll.UntilAsync(() => !store.Completions.IsEmpty, "the batch to be recorded", Token);
        Assert.Equal([3], store.Completions);
        foreach (var id in ids)
            Assert.Equal(DeliveryStatus.Succeeded, (await _inbox.DeliveryAsync(id, "orders")).Status);

        await recorder.StopAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
    }

    [Fact]
    public async Task Record_AWholeBatchQueued_GoesWithoutLingering_AndTheRestLingers()
    {
        await _inbox.AppendManyAsync([.. Enumerable.Range(0, 300).Select(i => $"evt-{i}")], "orders");
        var leased = await _inbox.LeaseAsync("orders", 300, LeaseFor);
        var store = new ObservedLeases(_inbox.Store);
        var clock = new TimerWatchingTimeProvider(DispatchStore.Start);
        var recorder = new OutcomeRecorder(store, OutcomeRecorder.Linger, clock, _logger);
        foreach (var delivery in leased)
            recorder.Record(Succeeded(delivery));

        // Lingering with a whole batch queued would only cap how fast outcomes are recorded.
        recorder.Start();
        await Poll.UntilAsync(() => !store.Completions.IsEmpty && clock.Waits.Count == 1, "a whole batch to be recorded and the rest to linger", Token);
        Assert.Equal([OutcomeRecorder.MaxOutcomesPerCommit], store.Completions);

        clock.Advance(OutcomeRecorder.Linger);
        await Poll.UntilAsync(() => store.Completions.Count == 2, "the rest to be recorded", Token);
        Assert.Equal([OutcomeRecorder.MaxOutcomesPerCommit, 300 - OutcomeRecorder.MaxOutcomesPerCommit], store.Completions);
        await recorder.StopAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
    }

    [Fact]
    public async Task StopAsync_CutsTheLingerShort()
    {
        var ids = await _inbox.AppendManyAsync(["evt-1", "evt-2"], "orders");
        var leased = await _inbox.LeaseAsync("orders", 2, LeaseFor);
        var clock = new TimerWatchingTimeProvider(DispatchStore.Start);
        var recorder = new OutcomeRecorder(_inbox.Store, OutcomeRecorder.Linger, clock, _logger);
        recorder.Start();
        foreach (var delivery in leased)
            recorder.Record(Succeeded(delivery));
        await Poll.UntilAsync(() => !clock.Waits.IsEmpty, "the outcomes to linger", Token);

        // The clock never moves: only the stop ends the wait.
        await recorder.StopAsync(TimeSpan.FromSeconds(30), TimeProvider.System);

        foreach (var id in ids)
            Assert.Equal(DeliveryStatus.Succeeded, (await _inbox.DeliveryAsync(id, "orders")).Status);
    }

    private static DeliveryOutcome Succeeded(LeasedDelivery delivery) =>
        new(delivery.EventSequence, delivery.Route, delivery.LeaseId, DeliveryOutcomeKind.Succeeded, null, null);
}
