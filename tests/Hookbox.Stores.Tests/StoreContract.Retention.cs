namespace Hookbox.Stores.Tests;

// What every store must do for retention (issue 5): payloads of delivered events pruned after
// their time, dedupe keys kept longer, unrouted and dead events deleted whole after their own
// time (issue 11), unfinished events never pruned, never more than a batch at once.
public abstract partial class StoreContract
{
    private static readonly DateTimeOffset RetentionNow = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PayloadCutoff = RetentionNow - TimeSpan.FromDays(30);
    private static readonly DateTimeOffset DedupeCutoff = RetentionNow - TimeSpan.FromDays(90);

    /// <summary>An event received <paramref name="daysAgo"/> days before <see cref="RetentionNow"/>, its one delivery finished as <paramref name="outcome"/>.</summary>
    private async Task<IncomingEvent> ReceivedAsync(string eventId, double daysAgo, DeliveryOutcomeKind? outcome = DeliveryOutcomeKind.Succeeded)
    {
        var receivedAt = RetentionNow - TimeSpan.FromDays(daysAgo);
        var incoming = Event(eventId, receivedAt: receivedAt, routes: ["orders"]);
        await AppendAsync(incoming);
        if (outcome is not { } kind)
            return incoming; // still pending

        var leased = (await Store.LeaseAsync("orders", 100, receivedAt, receivedAt + TimeSpan.FromMinutes(1), 3, Token)).Single(l => l.Event.Summary.Id == incoming.Id);
        var next = kind == DeliveryOutcomeKind.Retrying ? receivedAt + TimeSpan.FromMinutes(5) : (DateTimeOffset?)null;
        await Store.CompleteAsync([new DeliveryOutcome(leased.EventSequence, "orders", leased.LeaseId, kind, next, kind == DeliveryOutcomeKind.Succeeded ? null : "HTTP 500")], Token);
        return incoming;
    }

    private async Task<StoredEvent> ShowAsync(IncomingEvent incoming) =>
        await Store.GetEventAsync(incoming.Id, Token) ?? throw new InvalidOperationException($"{incoming.Envelope.EventId} is gone");

    private static void AssertPayloadKept(IncomingEvent incoming, StoredEvent stored)
    {
        Assert.Null(stored.PayloadPrunedAt);
        Assert.Equal(incoming.Body.ToArray(), stored.Body.ToArray());
        Assert.Equal(incoming.Headers.ToArray(), stored.Headers.ToArray());
    }

    [Fact]
    public async Task PrunePayloads_DeliveredEventPastTheCutoff_LosesBodyAndHeadersButKeepsItsRecord()
    {
        var old = await ReceivedAsync("old-delivered", daysAgo: 31);
        var young = await ReceivedAsync("young-delivered", daysAgo: 29);

        var pruned = await Store.PrunePayloadsAsync(PayloadCutoff, RetentionNow, 100, Token);
        var again = await Store.PrunePayloadsAsync(PayloadCutoff, RetentionNow, 100, Token);
        var stored = await ShowAsync(old);

        Assert.Equal((1, 0), (pruned, again));
        Assert.Equal(RetentionNow, stored.PayloadPrunedAt);
        Assert.Empty(stored.Body.ToArray());
        Assert.Equal("{}"u8.ToArray(), stored.Headers.ToArray());
        Assert.Equal((EventStatus.Delivered, "old-delivered", old.ReceivedAt), (stored.Summary.Status, stored.Summary.EventId, stored.Summary.ReceivedAt));
        Assert.Equal(new DeliveryInfo("orders", DeliveryStatus.Succeeded, 1, null, null), Assert.Single(stored.Deliveries));
        AssertPayloadKept(young, await ShowAsync(young));
    }

    [Fact]
    public async Task PrunePayloads_EventsNotDelivered_KeepTheirPayloads()
    {
        var dead = await ReceivedAsync("dead", daysAgo: 400, DeliveryOutcomeKind.Dead);
        var retrying = await ReceivedAsync("retrying", daysAgo: 400, DeliveryOutcomeKind.Retrying);
        var pending = await ReceivedAsync("pending", daysAgo: 400, outcome: null);
        var unrouted = Event("unrouted", receivedAt: RetentionNow - TimeSpan.FromDays(400));
        await AppendAsync(unrouted);

        var pruned = await Store.PrunePayloadsAsync(RetentionNow, RetentionNow, 100, Token);

        Assert.Equal(0, pruned);
        foreach (var incoming in new[] { dead, retrying, pending, unrouted })
            AssertPayloadKept(incoming, await ShowAsync(incoming));
    }

    [Fact]
    public async Task PrunePayloads_ThenTheSameEventAgain_IsStillADuplicateOfTheFirst()
    {
        var first = await ReceivedAsync("sent-again", daysAgo: 45);
        await Store.PrunePayloadsAsync(PayloadCutoff, RetentionNow, 100, Token);

        var again = await AppendAsync(Event("sent-again", receivedAt: RetentionNow));

        Assert.Equal(new AppendResult(AppendStatus.Duplicate, first.Id), again);
        Assert.NotNull((await ShowAsync(first)).PayloadPrunedAt);
    }

    [Fact]
    public async Task PrunePayloads_MoreThanMax_PrunesAtMostMaxOldestFirst()
    {
        var events = new List<IncomingEvent>();
        for (var i = 0; i < 5; i++)
            events.Add(await ReceivedAsync($"batch-{i}", daysAgo: 60 - i));

        var counts = new List<int>
        {
            await Store.PrunePayloadsAsync(PayloadCutoff, RetentionNow, 2, Token),
            await Store.PrunePayloadsAsync(PayloadCutoff, RetentionNow, 2, Token),
        };
        var prunedFirst = new List<bool>();
        foreach (var incoming in events)
            prunedFirst.Add((await ShowAsync(incoming)).PayloadPrunedAt is not null);

        counts.Add(await Store.PrunePayloadsAsync(PayloadCutoff, RetentionNow, 2, Token));

        Assert.Equal([2, 2, 1], counts);
        Assert.Equal([true, true, true, true, false], prunedFirst);
    }

    [Fact]
    public async Task Replay_PrunedEvent_IsRefusedAndChangesNothing()
    {
        var incoming = await ReceivedAsync("replay-pruned", daysAgo: 31);
        await Store.PrunePayloadsAsync(PayloadCutoff, RetentionNow, 100, Token);

        var result = await Store.ReplayAsync(incoming.Id, _ => [new PlannedDelivery("orders", null)], RetentionNow, Token);
        var stored = await ShowAsync(incoming);

        Assert.Equal(ReplayResult.PayloadPruned, result);
        Assert.Equal(EventStatus.Delivered, stored.Summary.Status);
        Assert.Empty(await Store.LeaseAsync("orders", 10, RetentionNow, RetentionNow + TimeSpan.FromMinutes(1), 3, Token));
    }

    [Fact]
    public async Task PruneDedupeKeys_DeliveredEventPastTheCutoff_IsDeletedAndItsEventIdAcceptedAgain()
    {
        var old = await ReceivedAsync("old-key", daysAgo: 91);
        var young = await ReceivedAsync("young-key", daysAgo: 89);
        await Store.PrunePayloadsAsync(PayloadCutoff, RetentionNow, 100, Token);

        var deleted = await Store.PruneDedupeKeysAsync(DedupeCutoff, 100, Token);
        var again = await AppendAsync(Event("old-key", receivedAt: RetentionNow, routes: ["orders"]));
        var youngAgain = await AppendAsync(Event("young-key", receivedAt: RetentionNow));

        Assert.Equal(1, deleted);
        Assert.Null(await Store.GetEventAsync(old.Id, Token));
        Assert.Equal(AppendStatus.Accepted, again.Status);
        Assert.NotEqual(old.Id, again.Id);
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, young.Id), youngAgain);

        // The new copy is an event of its own: its one delivery, due now, and nothing left of the old one.
        var stored = await Store.GetEventAsync(again.Id, Token);
        Assert.NotNull(stored);
        Assert.Equal(new DeliveryInfo("orders", DeliveryStatus.Pending, 0, null, RetentionNow), Assert.Single(stored.Deliveries));
        Assert.Equal(again.Id, Assert.Single(await Store.LeaseAsync("orders", 10, RetentionNow, RetentionNow + TimeSpan.FromMinutes(1), 3, Token)).Event.Summary.Id);
    }

    [Fact]
    public async Task PruneDedupeKeys_DeadUnroutedAndUnfinishedEvents_AreNeverDeleted()
    {
        var dead = await ReceivedAsync("dead", daysAgo: 400, DeliveryOutcomeKind.Dead);
        var retrying = await ReceivedAsync("retrying", daysAgo: 400, DeliveryOutcomeKind.Retrying);
        var pending = await ReceivedAsync("pending", daysAgo: 400, outcome: null);
        var unrouted = Event("unrouted", receivedAt: RetentionNow - TimeSpan.FromDays(400));
        await AppendAsync(unrouted);

        var deleted = await Store.PruneDedupeKeysAsync(RetentionNow, 100, Token);
        var page = await Store.ListEventsAsync(new EventQuery(null, null, null, 10, null), Token);

        Assert.Equal(0, deleted);
        Assert.Equal(["dead", "pending", "retrying", "unrouted"], page.Items.Select(e => e.EventId).Order());
        AssertPayloadKept(dead, await ShowAsync(dead));
    }

    [Fact]
    public async Task PruneDedupeKeys_MoreThanMax_DeletesAtMostMaxOldestFirst()
    {
        for (var i = 0; i < 5; i++)
            await ReceivedAsync($"key-{i}", daysAgo: 200 - i);

        var first = await Store.PruneDedupeKeysAsync(DedupeCutoff, 2, Token);
        var left = (await Store.ListEventsAsync(new EventQuery(null, null, null, 10, null), Token)).Items.Select(e => e.EventId);
        var counts = new[] { first, await Store.PruneDedupeKeysAsync(DedupeCutoff, 2, Token), await Store.PruneDedupeKeysAsync(DedupeCutoff, 2, Token) };

        Assert.Equal([2, 2, 1], counts);
        Assert.Equal(["key-4", "key-3", "key-2"], left);
        Assert.Empty((await Store.ListEventsAsync(new EventQuery(null, null, null, 10, null), Token)).Items);
    }

    [Fact]
    public async Task PruneEvents_UnroutedPastTheCutoff_IsDeletedAndItsEventIdAcceptedAgain()
    {
        var old = Event("old-unrouted", receivedAt: RetentionNow - TimeSpan.FromDays(31));
        var young = Event("young-unrouted", receivedAt: RetentionNow - TimeSpan.FromDays(29));
        await AppendAsync(old);
        await AppendAsync(young);
        var delivered = await ReceivedAsync("old-delivered", daysAgo: 31);
        var dead = await ReceivedAsync("old-dead", daysAgo: 31, DeliveryOutcomeKind.Dead);

        var deleted = await Store.PruneEventsAsync(EventStatus.Unrouted, RetentionNow - TimeSpan.FromDays(30), 100, Token);
        var again = await AppendAsync(Event("old-unrouted", receivedAt: RetentionNow));

        Assert.Equal(1, deleted);
        Assert.Null(await Store.GetEventAsync(old.Id, Token));
        Assert.Equal(AppendStatus.Accepted, again.Status);
        AssertPayloadKept(young, await ShowAsync(young));
        AssertPayloadKept(delivered, await ShowAsync(delivered));
        AssertPayloadKept(dead, await ShowAsync(dead));
    }

    [Fact]
    public async Task PruneEvents_DeadPastTheCutoff_IsDeletedWithItsDeliveries()
    {
        var old = await ReceivedAsync("old-dead", daysAgo: 91, DeliveryOutcomeKind.Dead);
        var young = await ReceivedAsync("young-dead", daysAgo: 89, DeliveryOutcomeKind.Dead);
        var unrouted = Event("old-unrouted", receivedAt: RetentionNow - TimeSpan.FromDays(400));
        await AppendAsync(unrouted);
        var retrying = await ReceivedAsync("old-retrying", daysAgo: 400, DeliveryOutcomeKind.Retrying);

        var deleted = await Store.PruneEventsAsync(EventStatus.Dead, DedupeCutoff, 100, Token);
        var again = await AppendAsync(Event("old-dead", receivedAt: RetentionNow, routes: ["orders"]));

        Assert.Equal(1, deleted);
        Assert.Null(await Store.GetEventAsync(old.Id, Token));
        Assert.Equal(AppendStatus.Accepted, again.Status);
        var copy = await Store.GetEventAsync(again.Id, Token);
        Assert.NotNull(copy);
        Assert.Equal(new DeliveryInfo("orders", DeliveryStatus.Pending, 0, null, RetentionNow), Assert.Single(copy.Deliveries));
        AssertPayloadKept(young, await ShowAsync(young));
        AssertPayloadKept(unrouted, await ShowAsync(unrouted));
        AssertPayloadKept(retrying, await ShowAsync(retrying));
    }

    [Fact]
    public async Task PruneEvents_DeadEventWithAnotherRouteStillRetrying_IsKept()
    {
        var receivedAt = RetentionNow - TimeSpan.FromDays(200);
        var incoming = Event("half-dead", receivedAt: receivedAt, routes: ["orders", "audit"]);
        await AppendAsync(incoming);
        var orders = Assert.Single(await Store.LeaseAsync("orders", 10, receivedAt, receivedAt + TimeSpan.FromMinutes(1), 3, Token));
        var audit = Assert.Single(await Store.LeaseAsync("audit", 10, receivedAt, receivedAt + TimeSpan.FromMinutes(1), 3, Token));
        await Store.CompleteAsync(
            [
                new DeliveryOutcome(orders.EventSequence, "orders", orders.LeaseId, DeliveryOutcomeKind.Dead, null, "HTTP 500"),
                new DeliveryOutcome(audit.EventSequence, "audit", audit.LeaseId, DeliveryOutcomeKind.Retrying, RetentionNow + TimeSpan.FromMinutes(5), "HTTP 503"),
            ],
            Token);

        var deleted = await Store.PruneEventsAsync(EventStatus.Dead, DedupeCutoff, 100, Token);

        Assert.Equal(0, deleted);
        Assert.Equal(EventStatus.Dead, (await ShowAsync(incoming)).Summary.Status);
    }

    [Fact]
    public async Task PruneEvents_MoreThanMax_DeletesAtMostMaxOldestFirst()
    {
        for (var i = 0; i < 5; i++)
            await AppendAsync(Event($"unrouted-{i}", receivedAt: RetentionNow - TimeSpan.FromDays(100 - i)));

        var first = await Store.PruneEventsAsync(EventStatus.Unrouted, DedupeCutoff, 2, Token);
        var left = (await Store.ListEventsAsync(new EventQuery(null, null, null, 10, null), Token)).Items.Select(e => e.EventId);
        var counts = new[] { first, await Store.PruneEventsAsync(EventStatus.Unrouted, DedupeCutoff, 2, Token), await Store.PruneEventsAsync(EventStatus.Unrouted, DedupeCutoff, 2, Token) };

        Assert.Equal([2, 2, 1], counts);
        Assert.Equal(["unrouted-4", "unrouted-3", "unrouted-2"], left);
    }
}
