using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Testing;

namespace Hookbox.Tests.Dispatch;

// A lease loop over a real SQLite store on a clock that notes each wait the loop sets, so a test
// knows the loop is asleep, and for how long, before it moves the clock on or rings.
public sealed class LeaseLoopTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DispatchStore.Start;

    // A lease of 60 s: the attempt timeout and the margin. Nothing is leased ahead, unless a test
    // says so (LeaseAhead below).
    private static readonly DispatchOptions Options = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(45),
        LeaseMargin = TimeSpan.FromSeconds(15),
        Concurrency = 10,
        MaxAttempts = 5,
        LeaseAhead = 0,
    };

    private readonly TimerWatchingTimeProvider _time = new(Start);
    private readonly DispatchStore _inbox;
    private readonly FakeLogger _logger = new();
    private readonly RouteSlots _slots = new(Options.Concurrency);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<(string Route, LeasedDelivery Delivery, DateTimeOffset Until)> _started = new();
    private readonly ConcurrentQueue<(string Route, LeasedDelivery Delivery, DateTimeOffset Until)> _held = new();
    private Task _running = Task.CompletedTask;

    public LeaseLoopTests()
    {
        _inbox = new DispatchStore(Options, _time);
        Signal = new DispatchSignal(_time);
    }

    private DispatchSignal Signal { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _inbox.MigrateAsync();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _running;
        _stopping.Dispose();
        await _inbox.DisposeAsync();
    }

    [Fact]
    public void LeaseFor_IsTheAttemptTimeoutAndTheLeaseMargin()
    {
        var loop = Loop([Route("orders", 1)]);

        Assert.Equal(TimeSpan.FromSeconds(60), loop.LeaseFor);
    }

    [Fact]
    public async Task RunAsync_LeasesDueDeliveries_UpToTheRoutesFreeSlots_EachStartedWithItsLeasesEnd()
    {
        var ids = await _inbox.AppendManyAsync(["evt-1", "evt-2", "evt-3", "evt-4", "evt-5"], "orders");

        Run(Loop([Route("orders", concurrency: 3)]));

        await Poll.UntilAsync(() => _started.Count == 3, "three deliveries to start", Token);
        Assert.Equal(3, _slots.Running);
        Assert.All(_started, s => Assert.Equal(("orders", Start + TimeSpan.FromSeconds(60)), (s.Route, s.Until)));
        var deliveries = await Task.WhenAll(ids.Select(id => _inbox.DeliveryAsync(id, "orders")));
        Assert.Equal([1, 1, 1, 0, 0], deliveries.Select(d => d.Attempts));
        Assert.Equal(Start + TimeSpan.FromSeconds(60), deliveries[0].NextAttemptAt);

        // A slot comes back, with the ring an ending attempt gives: one more starts, and no more.
        _slots.Return("orders");
        Signal.Ring();
        await Poll.UntilAsync(() => _started.Count == 4, "a fourth delivery to start", Token);
        Assert.Equal(3, _slots.Running);
    }

    [Fact]
    public async Task RunAsync_LeasesAhead_HoldsTheExtraLeases_AndStartsThemAsSlotsFree_WithoutLeasingAgain()
    {
        var ids = await _inbox.AppendManyAsync(["evt-1", "evt-2", "evt-3", "evt-4", "evt-5"], "orders");
        var leaseEnd = Start + TimeSpan.FromSeconds(60);

        Run(Loop([Route("orders", concurrency: 1)], leaseAhead: 2));

        // One lease of three: one starts, two wait, held so the renewer keeps them.
        await Poll.UntilAsync(() => _started.Count == 1 && _held.Count == 2, "one delivery to start and two to be held", Token);
        Assert.Equal(["evt-2", "evt-3"], _held.Select(h => h.Delivery.Event.Summary.EventId));
        Assert.All(_held, h => Assert.Equal(leaseEnd, h.Until));
        var deliveries = await Task.WhenAll(ids.Select(id => _inbox.DeliveryAsync(id, "orders")));
        Assert.Equal([1, 1, 1, 0, 0], deliveries.Select(d => d.Attempts));

        // A freed slot starts the oldest waiting one, with its own lease's end, and leases nothing.
        await Poll.UntilAsync(() => !_time.Waits.IsEmpty, "the loop to sleep", Token);
        _slots.Return("orders");
        Signal.Ring();
        await Poll.UntilAsync(() => _started.Count == 2, "a second delivery to start", Token);
        Assert.Equal(("evt-2", leaseEnd), (_started.Last().Delivery.Event.Summary.EventId, _started.Last().Until));
        deliveries = await Task.WhenAll(ids.Select(id => _inbox.DeliveryAsync(id, "orders")));
        Assert.Equal([1, 1, 1, 0, 0], deliveries.Select(d => d.Attempts));
    }

    [Fact]
    public async Task RunAsync_LeasesAhead_OnlyOnceWhatWasLeasedAheadHasStarted()
    {
        await _inbox.AppendManyAsync(["evt-1", "evt-2", "evt-3", "evt-4", "evt-5"], "orders");

        // Each attempt ends as it starts, ringing as the dispatcher's do: all five run, in lease
        // order, through two leases of three (one started, two ahead), with no time passing.
        Run(Loop([Route("orders", concurrency: 1)], (route, _, _) =>
        {
            _slots.Return(route.Name);
            Signal.Ring();
        }, leaseAhead: 2));

        await Poll.UntilAsync(() => _started.Count == 5, "all five to start", Token);
        Assert.Equal(["evt-1", "evt-2", "evt-3", "evt-4", "evt-5"], _started.Select(s => s.Delivery.Event.Summary.EventId));
        Assert.Equal(["evt-2", "evt-3", "evt-5"], _held.Select(h => h.Delivery.Event.Summary.EventId));
    }

    [Fact]
    public async Task RunAsync_SeveralRoutesWithFreeSlots_AreLeasedInOneCall_EachStartingItsOwn()
    {
        await _inbox.AppendManyAsync(["evt-1", "evt-2"], "orders", "audit", "mail");
        var store = new ObservedLeases(_inbox.Store);

        // A full route's share makes the loop look again; with one slot each and three routes,
        // the first look takes one delivery per route, in one call that names all three.
        Run(Loop(store, [Route("orders", 1), Route("audit", 1), Route("mail", 1)]));

        await Poll.UntilAsync(() => _started.Count == 3, "one delivery per route to start", Token);
        var first = Assert.Single(store.Leases.Take(1));
        Assert.Equal(["audit", "mail", "orders"], first.Order());
        Assert.Equal(["audit", "mail", "orders"], _started.Select(s => s.Route).Order());
        Assert.All(_started, s => Assert.Equal("evt-1", s.Delivery.Event.Summary.EventId));
    }

    [Fact]
    public async Task TakeWaiting_AfterTheLoopStopped_HandsOverWhatWasLeasedAheadAndNotStarted()
    {
        await _inbox.AppendManyAsync(["evt-1", "evt-2", "evt-3"], "orders");
        var loop = Loop([Route("orders", concurrency: 1)], leaseAhead: 5);
        Run(loop);
        await Poll.UntilAsync(() => _held.Count == 2, "two deliveries to wait", Token);

        await _stopping.CancelAsync();
        await _running;

        Assert.Equal(["evt-2", "evt-3"], loop.TakeWaiting().Select(w => w.Delivery.Event.Summary.EventId));
        Assert.Empty(loop.TakeWaiting());
    }

    [Fact]
    public async Task RunAsync_StoppedWhileTheStoreIsBeingAsked_EndsWithoutError()
    {
        // Nothing is due, so the loop's round finds nothing and it asks when the next is due.
        var store = new ObservedLeases(_inbox.Store);
        store.HoldNextDue();
        Run(Loop(store, [Route("orders", 1)]));
        await Poll.UntilAsync(() => store.NextDueWaiting == 1, "the look at what comes due to be under way", Token);

        await _stopping.CancelAsync();

        // That look ends with the stop's cancellation; the loop ends as stopped, not failed.
        await _running;
        Assert.True(_running.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_FullLease_LooksAgainAtOnce()
    {
        await _inbox.AppendManyAsync(["evt-1", "evt-2", "evt-3", "evt-4", "evt-5"], "orders");

        // Each attempt ends as it starts, so every round but the last fills the route's two slots.
        Run(Loop([Route("orders", concurrency: 2)], (route, _, _) => _slots.Return(route.Name)));

        await Poll.UntilAsync(() => _started.Count == 5, "all five to start, with no time passing and no ring", Token);
        Assert.Equal(Start, _time.GetUtcNow());
    }

    [Fact]
    public async Task RunAsync_EverySlotTaken_WaitsForARing_WithoutLookingAtWhatComesDue()
    {
        await _inbox.AppendManyAsync(["evt-1", "evt-2"], "orders");
        var store = new ObservedLeases(_inbox.Store);

        // The one slot is taken by the first lease, which came back full: the next round has no
        // route to ask, and nothing it could learn of what comes due could start anything.
        Run(Loop(store, [Route("orders", 1)]));
        await Poll.UntilAsync(() => _started.Count == 1 && _time.Waits.Count == 1, "the first delivery to start and the loop to wait", Token);
        Assert.Equal(LeaseLoop.PollInterval, _time.Waits.Last());
        Assert.Equal(0, store.NextDueLooks);

        // A freed slot rings: the second starts, and again every slot is taken.
        _slots.Return("orders");
        Signal.Ring();
        await Poll.UntilAsync(() => _started.Count == 2 && _time.Waits.Count == 2, "the second delivery to start and the loop to wait", Token);
        Assert.Equal(0, store.NextDueLooks);

        // With a slot free and nothing left to lease, the loop looks when the next is due.
        _slots.Return("orders");
        Signal.Ring();
        await Poll.UntilAsync(() => _time.Waits.Count == 3, "the loop to sleep", Token);
        Assert.Equal(1, store.NextDueLooks);
    }

    [Fact]
    public async Task RunAsync_NothingDueSoon_SleepsThePollInterval_AndARingWakesItAtOnce()
    {
        Run(Loop([Route("orders", 1)]));
        await Poll.UntilAsync(() => !_time.Waits.IsEmpty, "the loop to sleep", Token);
        Assert.Equal([LeaseLoop.PollInterval], _time.Waits);

        await _inbox.AppendAsync("evt-1", "orders");
        Signal.Ring();

        await Poll.UntilAsync(() => _started.Count == 1, "the delivery to start", Token);
        Assert.Equal(Start, _time.GetUtcNow());
    }

    [Fact]
    public async Task RunAsync_ARetryDueBeforeThePollInterval_SleepsUntilItIsDue()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders");
        var first = Assert.Single(await _inbox.LeaseAsync("orders", 1, TimeSpan.FromSeconds(60)));
        var dueAt = Start + TimeSpan.FromMilliseconds(400);
        await _inbox.Store.CompleteAsync([new DeliveryOutcome(first.EventSequence, "orders", first.LeaseId, DeliveryOutcomeKind.Retrying, dueAt, "HTTP 503")], Token);

        Run(Loop([Route("orders", 1)]));
        await Poll.UntilAsync(() => !_time.Waits.IsEmpty, "the loop to sleep", Token);
        Assert.Equal([TimeSpan.FromMilliseconds(400)], _time.Waits);
        _time.Advance(TimeSpan.FromMilliseconds(400));

        await Poll.UntilAsync(() => _started.Count == 1, "the retry to start", Token);
        Assert.Equal((2, Start + TimeSpan.FromMilliseconds(400) + TimeSpan.FromSeconds(60)), (_started.Single().Delivery.Attempt, _started.Single().Until));
        Assert.Equal(DeliveryStatus.Retrying, (await _inbox.DeliveryAsync(id, "orders")).Status);
    }

    [Fact]
    public async Task RunAsync_StoreDown_LogsLeaseFailed_WaitsTwiceAsLongEachRound_AndLeasesOnceItIsBack()
    {
        var store = new ObservedLeases(_inbox.Store) { Failing = true };
        Run(Loop(store, [Route("orders", 1)]));

        TimeSpan[] expected = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];
        for (var round = 0; round < expected.Length; round++)
        {
            await Poll.UntilAsync(() => _time.Waits.Count == round + 1, $"failed round {round + 1} to wait", Token);
            Assert.Equal(expected[round], _time.Waits.Last());
            if (round < expected.Length - 1)
                _time.Advance(expected[round]);
        }

        var logged = _logger.Collector.GetSnapshot();
        Assert.Equal(3, logged.Count(r => r.Id.Id == LogEventIds.Dispatch.LeaseFailed));
        Assert.All(logged.Where(r => r.Id.Id == LogEventIds.Dispatch.LeaseFailed), r => Assert.IsType<InvalidOperationException>(r.Exception));

        store.Failing = false;
        await _inbox.AppendAsync("evt-1", "orders");
        _time.Advance(expected[^1]);

        await Poll.UntilAsync(() => _started.Count == 1, "the delivery to start once the store is back", Token);
        await Poll.UntilAsync(() => _time.Waits.Count == 4, "the loop to sleep again", Token);
        Assert.Equal(LeaseLoop.PollInterval, _time.Waits.Last());
    }

    [Fact]
    public async Task RunAsync_StoreDown_WhileARouteHasNoFreeSlot_StillBacksOff()
    {
        // The route with no free slot is not asked; every route that was asked failed: the
        // store is down, and the loop must wait longer each round, not poll every second.
        _slots.Take("busy");
        var store = new ObservedLeases(_inbox.Store) { Failing = true };
        Run(Loop(store, [Route("busy", 1), Route("orders", 1)]));

        await Poll.UntilAsync(() => _time.Waits.Count == 1, "the first failed round to wait", Token);
        _time.Advance(_time.Waits.Last());
        await Poll.UntilAsync(() => _time.Waits.Count == 2, "the second failed round to wait", Token);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _time.Waits);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Id == LogEventIds.Dispatch.NextDueFailed);
    }

    [Fact]
    public async Task RunAsync_AtStart_MarksDeliveriesToRoutesNoLongerConfiguredDead_AndLogsOrphaned()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders", "removed");

        Run(Loop([Route("orders", 1)]));

        await Poll.UntilAsync(() => _started.Count == 1, "the configured route's delivery to start", Token);
        var orphaned = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == LogEventIds.Dispatch.Orphaned);
        Assert.Contains("1 deliveries", orphaned.Message, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Dead, (await _inbox.DeliveryAsync(id, "removed")).Status);
    }

    [Fact]
    public async Task RunAsync_NoRouteConfigured_CallsNoDeliveryAnOrphan()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders");

        Run(Loop([]));

        await Poll.UntilAsync(() => !_time.Waits.IsEmpty, "the loop to sleep", Token);
        Assert.Equal(DeliveryStatus.Pending, (await _inbox.DeliveryAsync(id, "orders")).Status);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Id == LogEventIds.Dispatch.Orphaned);
    }

    private LeaseLoop Loop(IReadOnlyList<Route> routes, Action<Route, LeasedDelivery, DateTimeOffset>? start = null, int leaseAhead = 0) =>
        Loop(_inbox.Store, routes, start, leaseAhead);

    private LeaseLoop Loop(IDeliveryLeases store, IReadOnlyList<Route> routes, Action<Route, LeasedDelivery, DateTimeOffset>? start = null, int leaseAhead = 0) =>
        new(store, routes, _slots, Signal, leaseAhead == 0 ? Options : LeaseAhead(leaseAhead), _time, _logger,
            (route, delivery, until) =>
            {
                _started.Enqueue((route.Name, delivery, until));
                start?.Invoke(route, delivery, until);
            },
            (route, delivery, until) => _held.Enqueue((route.Name, delivery, until)));

    private static DispatchOptions LeaseAhead(int count) => new()
    {
        AttemptTimeout = Options.AttemptTimeout,
        LeaseMargin = Options.LeaseMargin,
        Concurrency = Options.Concurrency,
        MaxAttempts = Options.MaxAttempts,
        LeaseAhead = count,
    };

    private void Run(LeaseLoop loop) => _running = Task.Run(() => loop.RunAsync(_stopping.Token), CancellationToken.None);

    // The loop only leases; no attempt runs, so the target is never called.
    private static Route Route(string name, int concurrency) =>
        new(name, "pocketsflow", [], new TestTarget((_, _) => Task.FromResult(AttemptResult.Success)), null, concurrency);
}
