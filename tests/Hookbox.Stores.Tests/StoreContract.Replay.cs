namespace Hookbox.Stores.Tests;

// What every store must do for bulk replay (issue 12): the events a filter names, a page at a
// time in one transaction each, every rule of a single replay kept: a pruned or erased event
// refused, each event's deliveries the routes that match it now, the count of those replayed.
public abstract partial class StoreContract
{
    private static readonly DateTimeOffset ReplayNow = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>An event whose one delivery to <c>orders</c> ran out of attempts.</summary>
    private async Task<IncomingEvent> DeadAsync(string eventId, string source = "pocketsflow", string type = "order.completed")
    {
        var incoming = Event(eventId, source: source, type: type, receivedAt: ReplayNow, routes: ["orders"]);
        await AppendAsync(incoming);
        var leased = (await Store.LeaseAsync("orders", 100, ReplayNow, ReplayNow + TimeSpan.FromMinutes(1), 3, Token)).Single(l => l.Event.Summary.Id == incoming.Id);
        await Store.CompleteAsync([new DeliveryOutcome(leased.EventSequence, "orders", leased.LeaseId, DeliveryOutcomeKind.Dead, null, "HTTP 500")], Token);
        return incoming;
    }

    private Task<int> ReplayManyAsync(ReplayFilter filter, DeliveryPlan? plan = null) =>
        Store.ReplayManyAsync(filter, plan ?? (_ => [new PlannedDelivery("orders", null)]), ReplayNow + TimeSpan.FromHours(1), Token);

    [Fact]
    public async Task ReplayMany_DeadEvents_RunsEachAgainFromItsFirstAttemptAndCountsThem()
    {
        var dead = new[] { await DeadAsync("rm-1"), await DeadAsync("rm-2") };
        var otherSource = await DeadAsync("rm-3", source: "stripe");

        var replayed = await ReplayManyAsync(new ReplayFilter("pocketsflow", null, EventStatus.Dead));

        Assert.Equal(2, replayed);
        foreach (var incoming in dead)
        {
            var stored = (await Store.GetEventAsync(incoming.Id, Token))!;
            Assert.Equal(EventStatus.Pending, stored.Summary.Status);
            Assert.Equal(new DeliveryInfo("orders", DeliveryStatus.Pending, 0, "HTTP 500", ReplayNow + TimeSpan.FromHours(1)), Assert.Single(stored.Deliveries));
        }

        Assert.Equal(EventStatus.Dead, (await Store.GetEventAsync(otherSource.Id, Token))!.Summary.Status);
    }

    [Fact]
    public async Task ReplayMany_MorePagesThanOne_ReplaysEveryMatchingEventOnce()
    {
        var events = Enumerable.Range(0, 450).Select(i => Event($"rp-{i}", receivedAt: ReplayNow)).ToList();
        await Store.WriteBatchAsync(events, [], Token);
        var planned = new List<string>();

        var replayed = await ReplayManyAsync(new ReplayFilter(null, null, EventStatus.Unrouted), stored =>
        {
            planned.Add(stored.Summary.EventId);
            return [new PlannedDelivery("orders", null)];
        });
        var leased = await Store.LeaseAsync("orders", 1000, ReplayNow + TimeSpan.FromHours(1), ReplayNow + TimeSpan.FromHours(2), 3, Token);

        Assert.Equal(450, replayed);
        Assert.Equal(450, planned.Distinct().Count());
        Assert.Equal(450, planned.Count);
        Assert.Equal(450, leased.Count);
    }

    [Fact]
    public async Task ReplayMany_PlansEachEventFromItsPayload_AddingAndDroppingRoutes()
    {
        var routed = Event("rr-1", receivedAt: ReplayNow, routes: ["orders", "removed"]) with { Body = "{\"webhookId\":\"rr-1\",\"customer\":\"c-7\"}"u8.ToArray() };
        var unrouted = Event("rr-2", type: "invoice.paid", receivedAt: ReplayNow);
        await Store.WriteBatchAsync([routed, unrouted], [], Token);

        var replayed = await ReplayManyAsync(new ReplayFilter("pocketsflow", null, null), stored =>
            stored.Summary.Type == "invoice.paid"
                ? [new PlannedDelivery("invoices", null)]
                : [new PlannedDelivery("orders", System.Text.Encoding.UTF8.GetString(stored.Body.Span).Contains("c-7", StringComparison.Ordinal) ? "c-7" : null)]);
        var first = (await Store.GetEventAsync(routed.Id, Token))!;
        var second = (await Store.GetEventAsync(unrouted.Id, Token))!;
        var ordered = Assert.Single(await Store.LeaseAsync("orders", 10, ReplayNow + TimeSpan.FromHours(1), ReplayNow + TimeSpan.FromHours(2), 3, Token));

        Assert.Equal(2, replayed);
        Assert.Equal(["orders"], first.Deliveries.Select(d => d.Route));
        Assert.Equal((EventStatus.Pending, "invoices"), (second.Summary.Status, Assert.Single(second.Deliveries).Route));
        Assert.Equal(routed.Id, ordered.Event.Summary.Id);
    }

    [Fact]
    public async Task ReplayMany_PrunedOrErasedEvents_AreSkippedAndLeftAsTheyWere()
    {
        var pruned = Event("rs-1", receivedAt: ReplayNow - TimeSpan.FromDays(40), routes: ["orders"]);
        await AppendAsync(pruned);
        var leased = Assert.Single(await Store.LeaseAsync("orders", 10, pruned.ReceivedAt, pruned.ReceivedAt + TimeSpan.FromMinutes(1), 3, Token));
        await Store.CompleteAsync([new DeliveryOutcome(leased.EventSequence, "orders", leased.LeaseId, DeliveryOutcomeKind.Succeeded, null, null)], Token);
        await Store.PrunePayloadsAsync(ReplayNow - TimeSpan.FromDays(30), ReplayNow, 10, Token);
        var erased = await DeadAsync("rs-2");
        await Store.EraseAsync(erased.Id, ReplayNow, Token);
        var dead = await DeadAsync("rs-3");

        var replayed = await ReplayManyAsync(new ReplayFilter("pocketsflow", null, null));

        Assert.Equal(1, replayed);
        Assert.Equal(EventStatus.Delivered, (await Store.GetEventAsync(pruned.Id, Token))!.Summary.Status);
        Assert.Equal(EventStatus.Dead, (await Store.GetEventAsync(erased.Id, Token))!.Summary.Status);
        Assert.Equal(EventStatus.Pending, (await Store.GetEventAsync(dead.Id, Token))!.Summary.Status);
        Assert.Equal(ReplayResult.PayloadPruned, await Store.ReplayAsync(pruned.Id, _ => [new PlannedDelivery("orders", null)], ReplayNow, Token));
        Assert.Equal(ReplayResult.Erased, await Store.ReplayAsync(erased.Id, _ => [new PlannedDelivery("orders", null)], ReplayNow, Token));
    }

    [Fact]
    public async Task ReplayMany_NothingMatches_ReplaysNothing() =>
        Assert.Equal(0, await ReplayManyAsync(new ReplayFilter("nobody", null, EventStatus.Dead)));

    [Fact]
    public async Task ListEvents_FailingEvent_NamesItsDeadDeliveryAndItsLastError()
    {
        var dead = await DeadAsync("le-1");
        var unrouted = Event("le-2", receivedAt: ReplayNow);
        await AppendAsync(unrouted);

        var page = await Store.ListEventsAsync(new EventQuery("pocketsflow", null, null, 10, null), Token);

        Assert.Equal(("orders", "HTTP 500"), page.Items.Where(e => e.Id == dead.Id).Select(e => (e.LastErrorRoute, e.LastError)).Single());
        Assert.Equal((null, null), page.Items.Where(e => e.Id == unrouted.Id).Select(e => (e.LastErrorRoute, e.LastError)).Single());
    }
}
