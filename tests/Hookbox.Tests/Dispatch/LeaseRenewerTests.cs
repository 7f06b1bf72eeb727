using Microsoft.Extensions.Logging.Testing;

namespace Hookbox.Tests.Dispatch;

// Leases of 60 s, looked at every 20 s, over a real SQLite store: the store's lease expiry is the
// delivery's NextAttemptAt, and a lease holds while nobody else can lease the delivery.
public sealed class LeaseRenewerTests : IAsyncLifetime
{
    private static readonly TimeSpan LeaseFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = DispatchStore.Start;

    private readonly DispatchStore _inbox = new(new DispatchOptions());
    private readonly FakeLogger _logger = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _inbox.MigrateAsync();

    public ValueTask DisposeAsync() => _inbox.DisposeAsync();

    [Fact]
    public async Task Interval_IsAThirdOfALease()
    {
        await using var renewer = Renewer(_inbox.Store);

        Assert.Equal(Interval, renewer.Interval);
    }

    [Fact]
    public async Task RenewDueAsync_LeaseEndingWithinTwoIntervals_IsRenewedForAWholeLease_AndNobodyElseLeasesItPastItsFirstEnd()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders");
        var (lease, until) = await LeaseAsync();
        await using var renewer = Renewer(_inbox.Store);
        renewer.Hold(lease, until);

        _inbox.Time.Advance(Interval);
        await renewer.RenewDueAsync(Token);

        Assert.Equal(Start + Interval + LeaseFor, (await _inbox.DeliveryAsync(id, "orders")).NextAttemptAt);
        _inbox.Time.Advance(LeaseFor - Interval + TimeSpan.FromSeconds(1));
        Assert.Empty(await _inbox.LeaseAsync("orders", 1, LeaseFor));
    }

    [Fact]
    public async Task RenewDueAsync_LeaseEndingLaterThanTwoIntervals_IsLeftAlone()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders");
        var (lease, until) = await LeaseAsync();
        var store = new ObservedLeases(_inbox.Store);
        await using var renewer = Renewer(store);
        renewer.Hold(lease, until);

        _inbox.Time.Advance(Interval - TimeSpan.FromSeconds(1));
        await renewer.RenewDueAsync(Token);

        Assert.Empty(store.Renewals);
        Assert.Equal(until, (await _inbox.DeliveryAsync(id, "orders")).NextAttemptAt);
    }

    [Fact]
    public async Task Hold_AgainWithItsEarlierEnd_KeepsTheRenewedEnd()
    {
        await _inbox.AppendAsync("evt-1", "orders");
        var (lease, until) = await LeaseAsync();
        var store = new ObservedLeases(_inbox.Store);
        await using var renewer = Renewer(store);
        renewer.Hold(lease, until);
        _inbox.Time.Advance(Interval);
        await renewer.RenewDueAsync(Token);

        // A delivery leased ahead is held again, with the end it was leased with, as it starts.
        renewer.Hold(lease, until);
        await renewer.RenewDueAsync(Token);

        Assert.Single(store.Renewals);
    }

    [Fact]
    public async Task RenewDueAsync_SeveralDue_RenewsThemInOneStoreCall()
    {
        await _inbox.AppendManyAsync(["evt-1", "evt-2", "evt-3"], "orders");
        var leased = await _inbox.LeaseAsync("orders", 3, LeaseFor);
        var store = new ObservedLeases(_inbox.Store);
        await using var renewer = Renewer(store);
        foreach (var delivery in leased)
            renewer.Hold(Lease(delivery), Start + LeaseFor);

        _inbox.Time.Advance(Interval);
        await renewer.RenewDueAsync(Token);

        var renewal = Assert.Single(store.Renewals);
        Assert.Equal(leased.Select(Lease).ToHashSet(), renewal.ToHashSet());
    }

    [Fact]
    public async Task RenewDueAsync_ReleasedLease_IsNoLongerRenewed_AndExpires()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders");
        var (lease, until) = await LeaseAsync();
        await using var renewer = Renewer(_inbox.Store);
        renewer.Hold(lease, until);

        renewer.Release(lease);
        _inbox.Time.Advance(Interval);
        await renewer.RenewDueAsync(Token);

        Assert.Equal((0, until), (renewer.Count, (await _inbox.DeliveryAsync(id, "orders")).NextAttemptAt));
        _inbox.Time.Advance(LeaseFor - Interval);
        Assert.Single(await _inbox.LeaseAsync("orders", 1, LeaseFor));
    }

    [Fact]
    public async Task RenewDueAsync_StoreFails_LogsRenewFailed_AndKeepsTheLease_SoTheNextLookRenewsIt()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders");
        var (lease, until) = await LeaseAsync();
        var store = new ObservedLeases(_inbox.Store) { Failing = true };
        await using var renewer = Renewer(store);
        renewer.Hold(lease, until);

        _inbox.Time.Advance(Interval);
        await renewer.RenewDueAsync(Token);

        var failed = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogEventIds.Dispatch.RenewFailed, failed.Id.Id);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Equal(1, renewer.Count);

        store.Failing = false;
        _inbox.Time.Advance(Interval);
        await renewer.RenewDueAsync(Token);

        Assert.Equal(Start + (2 * Interval) + LeaseFor, (await _inbox.DeliveryAsync(id, "orders")).NextAttemptAt);
    }

    [Fact]
    public async Task Start_RenewsOnEachInterval()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders");
        var (lease, until) = await LeaseAsync();
        await using var renewer = Renewer(_inbox.Store);
        renewer.Hold(lease, until);
        renewer.Start();

        for (var round = 1; round <= 5; round++)
        {
            _inbox.Time.Advance(Interval);
            var expected = Start + (round * Interval) + LeaseFor;
            await Poll.UntilAsync(async () => (await _inbox.DeliveryAsync(id, "orders")).NextAttemptAt == expected, $"the lease to be renewed in round {round}", Token);
        }
    }

    [Fact]
    public async Task DisposeAsync_StopsRenewing()
    {
        var id = await _inbox.AppendAsync("evt-1", "orders");
        var (lease, until) = await LeaseAsync();
        var renewer = Renewer(_inbox.Store);
        renewer.Hold(lease, until);
        renewer.Start();

        // DisposeAsync returns once the renewing loop has ended: no round can come after it.
        await renewer.DisposeAsync();
        _inbox.Time.Advance(Interval);
        _inbox.Time.Advance(Interval);

        Assert.Equal(until, (await _inbox.DeliveryAsync(id, "orders")).NextAttemptAt);
        _inbox.Time.Advance(LeaseFor - (2 * Interval));
        Assert.Single(await _inbox.LeaseAsync("orders", 1, LeaseFor));
    }

    private LeaseRenewer Renewer(IDeliveryLeases store) => new(store, LeaseFor, _inbox.Time, _logger);

    private async Task<(DeliveryLease Lease, DateTimeOffset Until)> LeaseAsync()
    {
        var delivery = Assert.Single(await _inbox.LeaseAsync("orders", 1, LeaseFor));
        return (Lease(delivery), _inbox.Time.GetUtcNow() + LeaseFor);
    }

    private static DeliveryLease Lease(LeasedDelivery delivery) => new(delivery.EventSequence, delivery.Route, delivery.LeaseId);
}
