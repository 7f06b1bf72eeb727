using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>
/// Keeps the leases of running attempts: every third of a lease, the leases that would end
/// within the next two thirds are extended by a whole lease, all in one store write. An attempt
/// that outlives its lease (a handler ignoring its cancellation token) so never gets a second
/// run beside it; when its process dies, renewal stops and the lease expires as before.
/// </summary>
internal sealed class LeaseRenewer(IDeliveryLeases leases, TimeSpan leaseFor, TimeProvider timeProvider, ILogger logger) : IAsyncDisposable
{
    private readonly Dictionary<DeliveryLease, DateTimeOffset> _held = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _renewing = Task.CompletedTask;

    /// <summary>How often the renewer looks: a third of a lease.</summary>
    public TimeSpan Interval => leaseFor / 3;

    /// <summary>Leases held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _held.Count;
        }
    }

    /// <summary>Starts renewing; the first round is an interval from now.</summary>
    public void Start()
    {
        // The timer starts here, not on the pool thread, so the rounds count from this call.
        var timer = new PeriodicTimer(Interval, timeProvider);
        _renewing = Task.Run(() => RenewAsync(timer), CancellationToken.None);
    }

    /// <summary>
    /// Keeps <paramref name="lease"/>, which holds until <paramref name="until"/>, until
    /// <see cref="Release"/>. Held again (a delivery leased ahead, held while it waited, then
    /// started), it keeps the later end: a renewal meanwhile is not forgotten.
    /// </summary>
    public void Hold(DeliveryLease lease, DateTimeOffset until)
    {
        lock (_lock)
        {
            if (!_held.TryGetValue(lease, out var held) || held < until)
                _held[lease] = until;
        }
    }

    /// <summary>Stops keeping a lease: its outcome is on its way to the store.</summary>
    public void Release(DeliveryLease lease)
    {
        lock (_lock)
            _held.Remove(lease);
    }

    /// <summary>Stops renewing: the leases still held are left to expire.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
            return;

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task RenewAsync(PeriodicTimer timer)
    {
        using var owned = timer;
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
                await RenewDueAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Renews, in one write, every lease held that ends within two intervals.</summary>
    internal async Task RenewDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var until = now + leaseFor;
        List<DeliveryLease> due;
        lock (_lock)
            due = [.. _held.Where(h => h.Value - now <= Interval * 2).Select(h => h.Key)];

        if (due.Count == 0)
            return;

        try
        {
            await leases.RenewAsync(due, until, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The loop's boundary: the store may be down; the next look tries again, well
            // before these leases end.
            DispatchLog.RenewFailed(logger, due.Count, ex);
            return;
        }

        lock (_lock)
        {
            foreach (var lease in due)
            {
                if (_held.ContainsKey(lease))
                    _held[lease] = until;
            }
        }
    }
}
