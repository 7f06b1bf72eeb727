namespace Hookbox.Stores.Tests;

// What every store must do for the dispatcher: leases, outcomes, lease expiry, ordering, replay.
public abstract partial class StoreContract
{
    private static readonly DateTimeOffset DeliveryNow = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(60);

    private Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(string route, DateTimeOffset at, int max = 10, int maxAttempts = 3) =>
        Store.LeaseAsync(route, max, at, at + LeaseLength, maxAttempts, Token);

    private async Task<StoredEvent> ShowAsync(string id) => (await Store.GetEventAsync(id, Token))!;

    private Task CompleteAsync(LeasedDelivery leased, DeliveryOutcomeKind status, DateTimeOffset? next = null, string? error = null) =>
        Store.CompleteAsync([new DeliveryOutcome(leased.EventSequence, leased.Route, leased.LeaseId, status, next, error)], Token);

    private static DeliveryInfo Delivery(StoredEvent stored, string route) => stored.Deliveries.Single(d => d.Route == route);

    [Fact]
    public async Task WriteBatch_RoutedEvent_IsPendingWithOnePendingDeliveryPerRoute()
    {
        var incoming = Event("r-1", receivedAt: DeliveryNow, routes: ["orders", "audit"]);
        await AppendAsync(incoming);

        var stored = await ShowAsync(incoming.Id);

        Assert.Equal(EventStatus.Pending, stored.Summary.Status);
        Assert.Equal(["audit", "orders"], stored.Deliveries.Select(d => d.Route));
        Assert.All(stored.Deliveries, d => Assert.Equal(new DeliveryInfo(d.Route, DeliveryStatus.Pending, 0, null, DeliveryNow), d));
    }

    [Fact]
    public async Task Lease_DueDelivery_CountsAnAttemptAndHidesItUntilTheLeaseEnds()
    {
        var incoming = Event("l-1", receivedAt: DeliveryNow, routes: ["orders"]);
        await AppendAsync(incoming);

        var first = Assert.Single(await LeaseAsync("orders", DeliveryNow));
        var whileLeased = await LeaseAsync("orders", DeliveryNow + LeaseLength - TimeSpan.FromSeconds(1));
        var otherRoute = await LeaseAsync("audit", DeliveryNow);

        Assert.Equal((1, incoming.Id, "l-1"), (first.Attempt, first.Event.Summary.Id, first.Event.Summary.EventId));
        Assert.Equal(incoming.Body.ToArray(), first.Event.Body.ToArray());
        Assert.Empty(whileLeased);
        Assert.Empty(otherRoute);
    }

    [Fact]
    public async Task Lease_SeveralRoutesInOneCall_EachGetsItsOwnShareInSequenceOrder()
    {
        var first = Event("m-1", receivedAt: DeliveryNow, routes: ["orders", "audit", "mail"]);
        var second = Event("m-2", receivedAt: DeliveryNow, routes: ["orders", "audit"]);
        var third = Event("m-3", receivedAt: DeliveryNow, routes: ["orders"]);
        await Store.WriteBatchAsync([first, second, third], [], Token);

        var leased = await Store.LeaseAsync(
            [new LeaseRequest("orders", 2), new LeaseRequest("audit", 10), new LeaseRequest("mail", 10), new LeaseRequest("none", 10)],
            DeliveryNow, DeliveryNow + LeaseLength, 3, Token);

        // Routes in the order asked; each one's deliveries in sequence order, up to its own max;
        // an event leased by two routes comes whole to each.
        Assert.Equal(
            [("orders", "m-1"), ("orders", "m-2"), ("audit", "m-1"), ("audit", "m-2"), ("mail", "m-1")],
            leased.Select(l => (l.Route, l.Event.Summary.EventId)));
        Assert.All(leased, l => Assert.Equal(1, l.Attempt));
        Assert.Equal(first.Body.ToArray(), leased[2].Event.Body.ToArray());
        Assert.Equal(["m-3"], (await LeaseAsync("orders", DeliveryNow)).Select(l => l.Event.Summary.EventId));
        Assert.Empty(await LeaseAsync("audit", DeliveryNow));

        // Each lease is its own: completing one route's delivery leaves the other route's leased.
        await CompleteAsync(leased[0], DeliveryOutcomeKind.Succeeded);
        var stored = await ShowAsync(first.Id);
        Assert.Equal((DeliveryStatus.Succeeded, DeliveryStatus.Pending), (Delivery(stored, "orders").Status, Delivery(stored, "audit").Status));
    }

    [Fact]
    public async Task Lease_NeverCompleted_ExpiresAndTheDeliveryRunsAgain()
    {
        await AppendAsync(Event("x-1", receivedAt: DeliveryNow, routes: ["orders"]));
        var first = Assert.Single(await LeaseAsync("orders", DeliveryNow));

        var again = Assert.Single(await LeaseAsync("orders", DeliveryNow + LeaseLength));
        await CompleteAsync(first, DeliveryOutcomeKind.Succeeded);
        var stored = await ShowAsync(first.Event.Summary.Id);

        Assert.Equal(2, again.Attempt);
        Assert.NotEqual(first.LeaseId, again.LeaseId);
        Assert.Equal(DeliveryStatus.Pending, Delivery(stored, "orders").Status); // the expired lease's outcome no longer counts
    }

    [Fact]
    public async Task Lease_ExpiredOnTheLastAllowedAttempt_GetsOneMoreRunThenIsDead()
    {
        var incoming = Event("x-2", receivedAt: DeliveryNow, routes: ["orders"]);
        await AppendAsync(incoming);
        Assert.Single(await LeaseAsync("orders", DeliveryNow, maxAttempts: 1));

        var grace = await LeaseAsync("orders", DeliveryNow + LeaseLength, maxAttempts: 1);
        var after = await LeaseAsync("orders", DeliveryNow + LeaseLength + LeaseLength, maxAttempts: 1);
        var stored = await ShowAsync(incoming.Id);

        Assert.Equal(2, Assert.Single(grace).Attempt);
        Assert.Empty(after);
        Assert.Equal(EventStatus.Dead, stored.Summary.Status);
        Assert.Contains("did not finish", Delivery(stored, "orders").LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_Released_DoesNotCountTheAttemptAndIsDueAtOnce()
    {
        var incoming = Event("c-0", receivedAt: DeliveryNow, routes: ["orders"]);
        await AppendAsync(incoming);
        var leased = Assert.Single(await LeaseAsync("orders", DeliveryNow));

        await CompleteAsync(leased, DeliveryOutcomeKind.Released, DeliveryNow);
        var again = Assert.Single(await LeaseAsync("orders", DeliveryNow));

        Assert.Equal(1, again.Attempt);
    }

    [Fact]
    public async Task Complete_Succeeded_MakesTheEventDelivered()
    {
        var incoming = Event("c-1", receivedAt: DeliveryNow, routes: ["orders"]);
        await AppendAsync(incoming);
        var leased = Assert.Single(await LeaseAsync("orders", DeliveryNow));

        await CompleteAsync(leased, DeliveryOutcomeKind.Succeeded);
        var stored = await ShowAsync(incoming.Id);

        Assert.Equal(EventStatus.Delivered, stored.Summary.Status);
        Assert.Equal(new DeliveryInfo("orders", DeliveryStatus.Succeeded, 1, null, null), Delivery(stored, "orders"));
        Assert.Empty(await LeaseAsync("orders", DeliveryNow + TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task Complete_Retrying_IsDueAgainAtItsNextAttemptWithTheError()
    {
        var incoming = Event("c-2", receivedAt: DeliveryNow, routes: ["orders"]);
        await AppendAsync(incoming);
        var leased = Assert.Single(await LeaseAsync("orders", DeliveryNow));
        var next = DeliveryNow + TimeSpan.FromSeconds(5);

        await CompleteAsync(leased, DeliveryOutcomeKind.Retrying, next, "HTTP 503 Service Unavailable");
        var stored = await ShowAsync(incoming.Id);

        Assert.Equal(EventStatus.Retrying, stored.Summary.Status);
        Assert.Equal(new DeliveryInfo("orders", DeliveryStatus.Retrying, 1, "HTTP 503 Service Unavailable", next), Delivery(stored, "orders"));
        Assert.Equal(next, await Store.NextDueAsync(Token));
        Assert.Empty(await LeaseAsync("orders", next - TimeSpan.FromMilliseconds(1)));
        Assert.Equal(2, Assert.Single(await LeaseAsync("orders", next)).Attempt);
    }

    [Fact]
    public async Task EventStatus_SumsUpItsDeliveries()
    {
        var incoming = Event("s-1", receivedAt: DeliveryNow, routes: ["orders", "audit"]);
        await AppendAsync(incoming);
        var orders = Assert.Single(await LeaseAsync("orders", DeliveryNow));
        var audit = Assert.Single(await LeaseAsync("audit", DeliveryNow));

        await CompleteAsync(orders, DeliveryOutcomeKind.Succeeded);
        var oneOfTwo = (await ShowAsync(incoming.Id)).Summary.Status;
        await CompleteAsync(audit, DeliveryOutcomeKind.Dead, error: "HTTP 500");
        var oneDead = (await ShowAsync(incoming.Id)).Summary.Status;

        Assert.Equal(EventStatus.Pending, oneOfTwo);
        Assert.Equal(EventStatus.Dead, oneDead);
    }

    [Fact]
    public async Task Replay_DeadDelivery_RunsAgainFromItsFirstAttempt()
    {
        var incoming = Event("p-1", receivedAt: DeliveryNow, routes: ["orders"]);
        await AppendAsync(incoming);
        await CompleteAsync(Assert.Single(await LeaseAsync("orders", DeliveryNow)), DeliveryOutcomeKind.Dead, error: "HTTP 500");

        var replayed = await Store.ReplayAsync(incoming.Id, _ => [new PlannedDelivery("orders", null)], DeliveryNow + TimeSpan.FromHours(1), Token);
        var leased = Assert.Single(await LeaseAsync("orders", DeliveryNow + TimeSpan.FromHours(1)));

        Assert.Equal(ReplayResult.Replayed, replayed);
        Assert.Equal(1, leased.Attempt);
    }

    [Fact]
    public async Task Replay_UnroutedEventOnceARouteMatches_GetsThatDelivery()
    {
        var incoming = Event("u-1", receivedAt: DeliveryNow);
        await AppendAsync(incoming);

        await Store.ReplayAsync(incoming.Id, _ => [new PlannedDelivery("orders", null)], DeliveryNow, Token);
        var stored = await ShowAsync(incoming.Id);

        Assert.Equal(EventStatus.Pending, stored.Summary.Status);
        Assert.Equal("orders", Assert.Single(stored.Deliveries).Route);
    }

    [Fact]
    public async Task Replay_DropsDeliveriesToRoutesThatNoLongerMatch()
    {
        var incoming = Event("p-2", receivedAt: DeliveryNow, routes: ["orders", "removed"]);
        await AppendAsync(incoming);

        await Store.ReplayAsync(incoming.Id, _ => [new PlannedDelivery("orders", null)], DeliveryNow, Token);
        var stored = await ShowAsync(incoming.Id);

        Assert.Equal("orders", Assert.Single(stored.Deliveries).Route);
    }

    [Fact]
    public async Task StopOrphanedDeliveries_MarksDeliveriesToUnknownRoutesDeadSayingWhy()
    {
        var incoming = Event("o-1", receivedAt: DeliveryNow, routes: ["orders", "removed"]);
        await AppendAsync(incoming);

        var stopped = await Store.StopOrphanedDeliveriesAsync(["orders"], Token);
        var stored = await ShowAsync(incoming.Id);

        Assert.Equal(1, stopped);
        Assert.Equal(DeliveryStatus.Pending, Delivery(stored, "orders").Status);
        Assert.Equal(DeliveryStatus.Dead, Delivery(stored, "removed").Status);
        Assert.Contains("no longer configured", Delivery(stored, "removed").LastError, StringComparison.Ordinal);
        Assert.Equal(EventStatus.Dead, stored.Summary.Status);
    }

    [Fact]
    public async Task Replay_UnknownEvent_IsNotFound() =>
        Assert.Equal(ReplayResult.NotFound, await Store.ReplayAsync("hb_missing", _ => [], DeliveryNow, Token));

    [Fact]
    public async Task Lease_ExpiredOnOneInstance_IsTakenOverByAnotherWhoseOutcomeCounts()
    {
        await AppendAsync(Event("takeover", receivedAt: DeliveryNow, routes: ["orders"]));
        var other = await OpenAnotherInstanceAsync();
        var first = Assert.Single(await LeaseAsync("orders", DeliveryNow));

        var beforeExpiry = await other.LeaseAsync("orders", 10, DeliveryNow + LeaseLength - TimeSpan.FromSeconds(1), DeliveryNow + LeaseLength, 3, Token);
        var taken = Assert.Single(await other.LeaseAsync("orders", 10, DeliveryNow + LeaseLength, DeliveryNow + LeaseLength + LeaseLength, 3, Token));
        await CompleteAsync(first, DeliveryOutcomeKind.Dead, error: "a late outcome of the expired lease");
        await other.CompleteAsync([new DeliveryOutcome(taken.EventSequence, taken.Route, taken.LeaseId, DeliveryOutcomeKind.Succeeded, null, null)], Token);
        var stored = await ShowAsync(taken.Event.Summary.Id);

        Assert.Empty(beforeExpiry);
        Assert.Equal(2, taken.Attempt);
        Assert.Equal(EventStatus.Delivered, stored.Summary.Status);
        Assert.Equal((DeliveryStatus.Succeeded, 2), (Delivery(stored, "orders").Status, Delivery(stored, "orders").Attempts));
    }

    [Fact]
    public async Task Stats_CountPerSourceOverTheHourAndDayPerMinuteAndDispatch()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 30, 30, TimeSpan.Zero);
        IncomingEvent At(string eventId, TimeSpan ago, string source = "pocketsflow", params string[] routes) =>
            Event(eventId, source, id: HookboxId.New(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now - ago)), receivedAt: now - ago, routes: routes);
        Rejection Refused(TimeSpan ago) =>
            new("pocketsflow", now - ago, 401, ErrorCodes.InvalidSignature, "bad signature", System.Text.Encoding.UTF8.GetBytes("{}"), 10);
        await Store.WriteBatchAsync(
            [At("recent", TimeSpan.FromMinutes(5)), At("pending", TimeSpan.FromMinutes(30), routes: "orders"), At("failed", TimeSpan.FromHours(2), routes: "audit"),
             At("old", TimeSpan.FromDays(2)), At("other", TimeSpan.FromMinutes(10), "stripe")],
            [Refused(TimeSpan.FromMinutes(1)), Refused(TimeSpan.FromHours(3)), Refused(TimeSpan.FromDays(3))],
            Token);
        var failed = Assert.Single(await Store.LeaseAsync("audit", 10, now, now + LeaseLength, 3, Token));
        await CompleteAsync(failed, DeliveryOutcomeKind.Dead, error: "HTTP 500");

        var stats = await Store.GetStatsAsync(now, Token);

        Assert.Equal(
            [new SourceStats("pocketsflow", new WindowCounts(2, 1, 0), new WindowCounts(3, 2, 1)), new SourceStats("stripe", new WindowCounts(1, 0, 0), new WindowCounts(1, 0, 0))],
            stats.Sources);
        Assert.Equal(60, stats.EventsPerMinute.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 12, 30, 0, TimeSpan.Zero), stats.EventsPerMinute[^1].Minute);
        Assert.Equal(
            [(29, 1L), (49, 1L), (54, 1L)],
            stats.EventsPerMinute.Select((m, i) => (i, m.Events)).Where(m => m.Events > 0));
        Assert.Equal(new DispatchStats(1, now - TimeSpan.FromMinutes(30), 1), stats.Dispatch);
        Assert.Equal(stats.Dispatch, await Store.GetDispatchStatsAsync(now, Token));
    }

    [Fact]
    public async Task Lease_TwoInstancesAtOnce_NeverLeaseOneDeliveryTwice()
    {
        await Store.WriteBatchAsync([.. Enumerable.Range(0, 120).Select(i => Event($"shared-{i}", receivedAt: DeliveryNow, routes: ["orders"]))], [], Token);
        var other = await OpenAnotherInstanceAsync();

        async Task<List<long>> DrainAsync(IInboxStore store)
        {
            var leased = new List<long>();
            while (await store.LeaseAsync("orders", 7, DeliveryNow, DeliveryNow + LeaseLength, 3, Token) is { Count: > 0 } batch)
                leased.AddRange(batch.Select(l => l.EventSequence));

            return leased;
        }

        var both = await Task.WhenAll(DrainAsync(Store), DrainAsync(other), DrainAsync(Store), DrainAsync(other));
        var all = both.SelectMany(l => l).ToList();

        Assert.Equal(120, all.Count);
        Assert.Equal(120, all.Distinct().Count());
    }

    [Fact]
    public async Task Lease_OrderedRoute_RunsDeliveriesWithOneKeyOneAtATimeInReceiveOrder()
    {
        IncomingEvent Ordered(string eventId, string key) =>
            Event(eventId, receivedAt: DeliveryNow) with { Deliveries = [new PlannedDelivery("subscriptions", key)] };
        await Store.WriteBatchAsync([Ordered("created", "sub_1"), Ordered("other", "sub_2"), Ordered("deleted", "sub_1")], [], Token);

        var first = await LeaseAsync("subscriptions", DeliveryNow);
        await CompleteAsync(first.Single(l => l.Event.Summary.EventId == "created"), DeliveryOutcomeKind.Retrying, DeliveryNow + TimeSpan.FromSeconds(1), "HTTP 503");
        var whileRetrying = await LeaseAsync("subscriptions", DeliveryNow + TimeSpan.FromMilliseconds(500));
        var retried = Assert.Single(await LeaseAsync("subscriptions", DeliveryNow + TimeSpan.FromSeconds(1)));
        await CompleteAsync(retried, DeliveryOutcomeKind.Succeeded);
        var afterwards = await LeaseAsync("subscriptions", DeliveryNow + TimeSpan.FromSeconds(1));

        Assert.Equal(["created", "other"], first.Select(l => l.Event.Summary.EventId).Order());
        Assert.Empty(whileRetrying);
        Assert.Equal("created", retried.Event.Summary.EventId);
        Assert.Equal("deleted", Assert.Single(afterwards).Event.Summary.EventId);
    }
}
