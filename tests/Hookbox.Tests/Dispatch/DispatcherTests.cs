using System.Collections.Concurrent;

namespace Hookbox.Tests.Dispatch;

// Issue 12 item 5: the dispatcher's gaps, each over a real SQLite store on a FakeTimeProvider.
public sealed class DispatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // A lease of 60 s (timeout and margin), renewed every 20 s.
    private static DispatchOptions Options(int routeConcurrency = 4) => new()
    {
        AttemptTimeout = Timeout,
        LeaseMargin = Timeout,
        Concurrency = 8,
        RouteConcurrency = routeConcurrency,
        MaxAttempts = 5,
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<AttemptResult> Succeed(int call, CancellationToken token) => Task.FromResult(AttemptResult.Success);

    [Fact]
    public async Task HandlerOutlivingItsLease_IgnoringItsToken_IsNeverRunTwiceAtOnce()
    {
        var release = new TaskCompletionSource();
        var target = new TestTarget(async (call, _) =>
        {
            if (call == 1)
                await release.Task; // ignores its token
            return AttemptResult.Success;
        });
        await using var harness = new DispatchHarness(Options(), ("orders", target));
        await harness.StartAsync();
        var id = await harness.AppendAsync("evt-1", "orders");
        await Poll.UntilAsync(() => target.Calls == 1, "the first attempt to start", Token);

        // Ten renewal rounds: three whole leases, well past the attempt timeout.
        for (var round = 0; round < 10; round++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(20));
            await Poll.UntilAsync(
                async () => (await harness.DeliveryAsync(id, "orders")).NextAttemptAt >= harness.Time.GetUtcNow() + TimeSpan.FromSeconds(60),
                $"the lease to be renewed in round {round + 1}", Token, TimeSpan.FromSeconds(10));
        }

        Assert.Equal(1, target.Calls);
        release.SetResult();

        // The attempt timed out, so it failed and is retried once it ends, never beside it.
        await Poll.UntilAsync(async () => (await harness.DeliveryAsync(id, "orders")).Status == DeliveryStatus.Retrying, "the timeout to be recorded", Token);
        harness.Time.Advance(LeaseLoop.PollInterval);
        await Poll.UntilAsync(async () => (await harness.DeliveryAsync(id, "orders")).Status == DeliveryStatus.Succeeded, "the retry to succeed", Token);
        var delivery = await harness.DeliveryAsync(id, "orders");
        Assert.Equal((2, 1), (delivery.Attempts, target.MostAtOnce));
    }

    [Fact]
    public async Task HungDestination_HoldsItsRouteSlotOnlyUntilTheTimeout_AndOtherRoutesNeverWait()
    {
        var release = new TaskCompletionSource();
        var hang = new TestTarget(async (call, _) =>
        {
            if (call == 1)
                await release.Task; // hangs, ignoring its token
            return AttemptResult.Success;
        });
        var quick = new TestTarget(Succeed);
        await using var harness = new DispatchHarness(Options(routeConcurrency: 1), ("hang", hang), ("quick", quick));
        await harness.StartAsync();
        var hung = await harness.AppendAsync("hung", "hang");
        await Poll.UntilAsync(() => hang.Calls == 1, "the hanging attempt to start", Token);
        var next = await harness.AppendAsync("next", "hang");
        await harness.AppendAsync("other", "quick");

        // Another route goes on at once, with no time passing.
        await Poll.UntilAsync(() => quick.Calls == 1, "the other route to deliver", Token);

        // At the timeout the hung attempt's slot comes back: the next delivery of its route runs.
        harness.Time.Advance(Timeout);
        await Poll.UntilAsync(() => hang.Calls == 2, "the next delivery of the hung route to start", Token);
        Assert.Equal(["hung", "next"], hang.Started.Select(d => d.Event.Summary.EventId));
        await Poll.UntilAsync(async () => (await harness.DeliveryAsync(next, "hang")).Status == DeliveryStatus.Succeeded, "the next delivery to succeed", Token);

        // The hung one failed, and is retried only once it ends.
        release.SetResult();
        await harness.StopAsync();
        var delivery = await harness.DeliveryAsync(hung, "hang");
        Assert.Equal((DeliveryStatus.Retrying, 1), (delivery.Status, delivery.Attempts));
        Assert.StartsWith("timed out", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(2, hang.Calls);
    }

    [Fact]
    public async Task ReplayRacingAnAttemptInFlight_KeepsTheReplaysOutcome_NotTheOldAttempts()
    {
        var oldAttempt = new TaskCompletionSource();
        var replayed = new TaskCompletionSource();
        var target = new TestTarget(async (call, _) =>
        {
            if (call == 1)
            {
                await oldAttempt.Task;
                return AttemptResult.Failure("HTTP 503 from the old attempt");
            }

            await replayed.Task;
            return AttemptResult.Success;
        });
        await using var harness = new DispatchHarness(Options(), ("orders", target));
        await harness.StartAsync();
        var id = await harness.AppendAsync("evt-1", "orders");
        await Poll.UntilAsync(() => target.Calls == 1, "the first attempt to start", Token);

        Assert.Equal(ReplayResult.Replayed, await ((IInboxAdmin)harness.Store).ReplayAsync(id, _ => [new PlannedDelivery("orders", null)], harness.Time.GetUtcNow(), Token));
        harness.Signal.Ring();
        await Poll.UntilAsync(() => target.Calls == 2, "the replay to start", Token);

        // The old attempt ends first, failing; then the replay succeeds.
        oldAttempt.SetResult();
        await Poll.UntilAsync(() => harness.Logger.Collector.GetSnapshot().Any(r => r.Id.Id == 4001), "the old attempt's failure", Token);
        replayed.SetResult();
        await harness.StopAsync();

        var delivery = await harness.DeliveryAsync(id, "orders");
        Assert.Equal((DeliveryStatus.Succeeded, 1, null), (delivery.Status, delivery.Attempts, delivery.LastError));
        Assert.Equal(EventStatus.Delivered, (await harness.Store.GetEventAsync(id, Token))!.Summary.Status);
    }

    [Fact]
    public async Task HandlerException_IsLoggedWithItsStackTrace_AndStoredShort()
    {
        var target = new TestTarget((_, _) => Throw());
        await using var harness = new DispatchHarness(Options(), ("orders", target));
        await harness.StartAsync();
        var id = await harness.AppendAsync("evt-1", "orders");

        await Poll.UntilAsync(() => harness.Logger.Collector.GetSnapshot().Any(r => r.Id.Id == 4001), "the failure to be logged", Token);
        var logged = harness.Logger.Collector.GetSnapshot().First(r => r.Id.Id == 4001);
        var exception = Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.Contains(nameof(Throw), exception.StackTrace, StringComparison.Ordinal);
        await harness.StopAsync();
        Assert.Equal("InvalidOperationException: the ledger is closed", (await harness.DeliveryAsync(id, "orders")).LastError);
    }

    [Fact]
    public async Task DeliveriesLeasedAhead_AreRenewedWhileTheyWait_AndReleasedUncountedAtShutdown()
    {
        // The first three hang until the end; with one slot, each holds it for the attempt timeout.
        var release = new TaskCompletionSource();
        var target = new TestTarget(async (call, _) =>
        {
            if (call <= 3)
                await release.Task;
            return AttemptResult.Success;
        });
        await using var harness = new DispatchHarness(Options(routeConcurrency: 1), ("orders", target));
        await harness.StartAsync();
        var ids = await harness.AppendManyAsync(["evt-1", "evt-2", "evt-3", "evt-4", "evt-5"], "orders");
        await Poll.UntilAsync(() => target.Calls == 1, "the first attempt to start", Token);
        await Poll.UntilAsync(async () => (await harness.DeliveryAsync(ids[4], "orders")).Attempts == 1, "the other four to be leased ahead", Token);

        // Each attempt holds the slot for the timeout from when it started: the first's ends during
        // round 2, the second's (started at 40 s) during round 4. The last two wait on throughout,
        // past the end of the lease they were leased with (60 s): the renewer extends it.
        for (var round = 1; round <= 4; round++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(20));
            if (round is 2 or 4)
            {
                var calls = round == 2 ? 2 : 3;
                await Poll.UntilAsync(() => target.Calls == calls, $"attempt {calls} to start in round {round}", Token);
            }

            await Poll.UntilAsync(
                async () => (await harness.DeliveryAsync(ids[4], "orders")).NextAttemptAt >= harness.Time.GetUtcNow() + TimeSpan.FromSeconds(60),
                $"the waiting lease to be renewed in round {round}", Token, TimeSpan.FromSeconds(10));
        }

        // Shutdown stops the loop first; the running attempts then end, and the two that never
        // started are released: due now, their attempt not counted.
        var stopping = harness.StopAsync();
        release.SetResult();
        await stopping;

        Assert.Equal(3, target.Calls);
        foreach (var id in ids[3..])
        {
            var delivery = await harness.DeliveryAsync(id, "orders");
            Assert.Equal((DeliveryStatus.Pending, 0), (delivery.Status, delivery.Attempts));
            Assert.True(delivery.NextAttemptAt <= harness.Time.GetUtcNow(), "a released delivery is due at once");
        }

        var released = Assert.Single(harness.Logger.Collector.GetSnapshot(), r => r.Id.Id == LogEventIds.Dispatch.LeasedAheadReleased);
        Assert.StartsWith("2 deliveries leased ahead", released.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttemptsThatEnd_StartTheDeliveriesLeasedAheadForTheirRoute_WithoutWaitingForTheLeaseLoop()
    {
        ObservedLeases leases = null!;
        var target = new TestTarget(SucceedLater, startsWithoutBlocking: true);
        var options = Options(routeConcurrency: 1);
        options.Concurrency = 2; // room for both routes' slots at once: neither waits for the other's
        options.LeaseAhead = 3;
        await using var harness = new DispatchHarness(options, store => leases = new ObservedLeases(store), ("a", target), ("b", new TestTarget(SucceedLater)));
        await harness.StartAsync();

        // The first lease (of nothing) and the next (four events for a: one starts, three wait
        // for the slot) pass; the one after, asking for b's free slot, is held.
        await Poll.UntilAsync(() => !leases.Leases.IsEmpty, "the lease loop's first look", Token);
        _ = leases.HoldLeases(passing: 1); // never let go: stopping the dispatcher cancels the held lease
        await harness.AppendManyAsync(["evt-1", "evt-2", "evt-3", "evt-4"], "a");
        await Poll.UntilAsync(() => leases.LeasesWaiting == 1, "the lease after the events' to be held", Token);

        // With the lease loop held, each attempt that ends starts the next.
        await Poll.UntilAsync(() => target.Calls == 4, "the four leased to be delivered", Token);
        Assert.Equal(1, leases.LeasesWaiting);
    }

    [Fact]
    public async Task AttemptsThatEnd_WhereRoutesShareTooFewSlots_LeaveTheSlotToTheLeaseLoop_WhichTakesTurns()
    {
        // One slot for two routes: a route that kept its slot for what it leased ahead would keep
        // the other waiting.
        var target = new TestTarget(SucceedLater, startsWithoutBlocking: true);
        var options = Options(routeConcurrency: 1);
        options.Concurrency = 1;
        options.LeaseAhead = 3;
        await using var harness = new DispatchHarness(options, ("a", target), ("b", target));
        await harness.StartAsync();

        await harness.AppendManyAsync(["evt-1", "evt-2", "evt-3", "evt-4"], "a", "b");
        await Poll.UntilAsync(() => target.Calls == 8, "every delivery to be made", Token);

        var firstFour = target.Started.Take(4).Select(d => d.Route).ToList();
        Assert.Equal(1, target.MostAtOnce);
        Assert.True(firstFour.Distinct().Count() == 2, $"both routes take turns in the one slot, not {string.Join(", ", firstFour)}");
    }

    [Fact]
    public async Task AttemptsThatEnd_StartedByOneThatEnded_AndFinishedAtOnce_DoNotNestTheNext()
    {
        // A destination refusing connections fails each attempt before it returns. Each attempt
        // that ended starting the next would nest the twenty leased ahead one in another.
        var depths = new ConcurrentQueue<int>();
        var target = new TestTarget(
            (_, _) =>
            {
                depths.Enqueue(new System.Diagnostics.StackTrace().FrameCount);
                return Task.FromResult(AttemptResult.Success);
            },
            startsWithoutBlocking: true);
        var options = Options(routeConcurrency: 1);
        options.LeaseAhead = 20;
        await using var harness = new DispatchHarness(options, ("orders", target));
        await harness.StartAsync();

        await harness.AppendManyAsync([.. Enumerable.Range(1, 21).Select(i => $"evt-{i}")], "orders");
        await Poll.UntilAsync(() => target.Calls == 21, "every delivery to be made", Token);

        // Started by the loop, or by an attempt the loop started: two depths, a few frames apart.
        Assert.True(depths.Max() - depths.Min() < 40, $"attempts nested: stack depths {string.Join(", ", depths)}");
    }

    /// <summary>Succeeds after yielding, as an HTTP attempt answers: never on the thread that started it.</summary>
    private static async Task<AttemptResult> SucceedLater(int call, CancellationToken token)
    {
        await Task.Yield();
        return AttemptResult.Success;
    }

    private static Task<AttemptResult> Throw() => throw new InvalidOperationException("the ledger is closed");
}
