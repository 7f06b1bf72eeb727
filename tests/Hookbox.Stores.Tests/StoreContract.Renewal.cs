namespace Hookbox.Stores.Tests;

// Issue 12: a lease is renewed while its attempt runs, so an attempt that outlives its first
// lease never gets a second run beside it; and a replay always wins over an attempt in flight.
public abstract partial class StoreContract
{
    private static DeliveryLease LeaseOf(LeasedDelivery leased) => new(leased.EventSequence, leased.Route, leased.LeaseId);

    [Fact]
    public async Task Renew_HeldLeases_KeepTheirDeliveriesFromOthersPastTheirFirstEnd()
    {
        await AppendAsync(Event("renew-1", receivedAt: DeliveryNow, routes: ["orders"]));
        await AppendAsync(Event("renew-2", receivedAt: DeliveryNow, routes: ["orders"]));
        var leased = await LeaseAsync("orders", DeliveryNow);

        var renewed = await Store.RenewAsync([.. leased.Select(LeaseOf)], DeliveryNow + LeaseLength + LeaseLength, Token);
        var atFirstEnd = await LeaseAsync("orders", DeliveryNow + LeaseLength);
        var atRenewedEnd = await LeaseAsync("orders", DeliveryNow + LeaseLength + LeaseLength);

        Assert.Equal(2, leased.Count);
        Assert.Equal(2, renewed);
        Assert.Empty(atFirstEnd);
        Assert.Equal(2, atRenewedEnd.Count);
    }

    [Fact]
    public async Task Renew_LeaseTakenOverAfterItExpired_IsNotRenewed()
    {
        await AppendAsync(Event("renew-3", receivedAt: DeliveryNow, routes: ["orders"]));
        var first = Assert.Single(await LeaseAsync("orders", DeliveryNow));
        var taken = Assert.Single(await LeaseAsync("orders", DeliveryNow + LeaseLength));

        var renewed = await Store.RenewAsync([LeaseOf(first)], DeliveryNow + LeaseLength + LeaseLength + LeaseLength, Token);
        var afterTheTakeoverEnds = Assert.Single(await LeaseAsync("orders", DeliveryNow + LeaseLength + LeaseLength));

        Assert.Equal(0, renewed);
        Assert.Equal(taken.Attempt + 1, afterTheTakeoverEnds.Attempt);
    }

    [Fact]
    public async Task Renew_AfterTheEventWasReplayed_IsNotRenewedAndTheReplayRunsAtOnce()
    {
        var incoming = Event("renew-4", receivedAt: DeliveryNow, routes: ["orders"]);
        await AppendAsync(incoming);
        var inFlight = Assert.Single(await LeaseAsync("orders", DeliveryNow));
        await Store.ReplayAsync(incoming.Id, _ => [new PlannedDelivery("orders", null)], DeliveryNow + TimeSpan.FromSeconds(1), Token);

        var renewed = await Store.RenewAsync([LeaseOf(inFlight)], DeliveryNow + LeaseLength + LeaseLength, Token);
        var replayed = Assert.Single(await LeaseAsync("orders", DeliveryNow + TimeSpan.FromSeconds(1)));

        Assert.Equal(0, renewed);
        Assert.Equal(1, replayed.Attempt);
    }

    [Fact]
    public async Task Renew_CompletedDelivery_IsNotRenewedAndKeepsItsOutcome()
    {
        var incoming = Event("renew-5", receivedAt: DeliveryNow, routes: ["orders"]);
        await AppendAsync(incoming);
        var leased = Assert.Single(await LeaseAsync("orders", DeliveryNow));
        await CompleteAsync(leased, DeliveryOutcomeKind.Retrying, DeliveryNow + TimeSpan.FromSeconds(5), "HTTP 503");

        var renewed = await Store.RenewAsync([LeaseOf(leased)], DeliveryNow + LeaseLength + LeaseLength, Token);
        var delivery = Delivery(await ShowAsync(incoming.Id), "orders");

        Assert.Equal(0, renewed);
        Assert.Equal((DeliveryStatus.Retrying, DeliveryNow + TimeSpan.FromSeconds(5)), (delivery.Status, delivery.NextAttemptAt));
    }

    [Fact]
    public async Task Renew_NoLeases_RenewsNothing() =>
        Assert.Equal(0, await Store.RenewAsync([], DeliveryNow, Token));
}
