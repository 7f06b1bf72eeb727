using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>
/// Leases due deliveries for every route in one lease, and hands each to <c>start</c> with its
/// slot taken and the time its lease ends. A route leases its free slots and up to
/// <see cref="DispatchOptions.LeaseAhead"/> more, which wait here, held by <c>hold</c> (the lease
/// renewer), for the next slots to free: a busy route takes one lease per batch rather than one
/// per finished attempt. A full lease looks again at once; otherwise it sleeps until a ring (a
/// commit, a freed slot), the next due delivery or the poll interval. With every slot taken it
/// only waits for a ring, without asking the store what comes due: a busy route's attempts end
/// hundreds of times a second, and none of those looks could start anything. An attempt that
/// ends may also take the next delivery waiting for its route itself (<see cref="TryHandOn"/>),
/// so the loop is woken once a lease, not once a delivery. While the store is down it waits
/// longer after each failed round (<see cref="OutageBackoff"/>).
/// </summary>
internal sealed class LeaseLoop(
    IDeliveryLeases leases,
    IReadOnlyList<Route> routes,
    RouteSlots slots,
    DispatchSignal signal,
    DispatchOptions options,
    TimeProvider timeProvider,
    ILogger logger,
    Action<Route, LeasedDelivery, DateTimeOffset> start,
    Action<Route, LeasedDelivery, DateTimeOffset>? hold = null)
{
    /// <summary>How often the loop looks for due deliveries when nothing wakes it sooner.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between looks while the store is down.</summary>
    public static readonly TimeSpan StoreRetryLimit = TimeSpan.FromSeconds(8);

    private readonly OutageBackoff _outage = new(PollInterval, StoreRetryLimit);
    private readonly int _maxAttempts = options.MaxAttempts;
    private readonly int _leaseAhead = options.LeaseAhead;

    // With room for every route's own limit at once, no route ever waits for another's slot.
    private readonly bool _routesCompete = routes.Sum(r => r.Concurrency) > options.Concurrency;

    // Leased ahead, oldest first, per route: filled by the loop, taken by the loop and by
    // attempts that end (TryHandOn), emptied by TakeWaiting once the loop has stopped.
    private readonly Dictionary<Route, Queue<(LeasedDelivery Delivery, DateTimeOffset Until)>> _waiting = [];
    private readonly Lock _waitingLock = new();
    private int _firstRoute;

    /// <summary>How long a lease lasts: the attempt timeout and the lease margin.</summary>
    public TimeSpan LeaseFor { get; } = options.AttemptTimeout + options.LeaseMargin;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await StopOrphansAsync(stopping).ConfigureAwait(false);
            while (!stopping.IsCancellationRequested)
            {
                var round = await LeaseRoundAsync(stopping).ConfigureAwait(false);
                if (stopping.IsCancellationRequested)
                    return;

                if (round == Round.StoreDown)
                {
                    // The store is down; a ring (a commit, a reconnected listener) still wakes it at once.
                    await signal.WaitAsync(_outage.Next(), stopping).ConfigureAwait(false);
                    continue;
                }

                _outage.Reset();
                if (round == Round.Drained)
                    await SleepAsync(stopping).ConfigureAwait(false);
                else if (round == Round.NoFreeSlot)
                    await signal.WaitAsync(PollInterval, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped: the stop ended a wait or a call to the store. A lease cut short is rolled
            // back, or expires and runs again, as after a crash.
        }
    }

    /// <summary>How a lease round ended, which decides what the loop does next.</summary>
    private enum Round
    {
        /// <summary>A route's share came back full: more may be due, so the loop looks again at once.</summary>
        Full,

        /// <summary>The routes asked got all that was due: the loop sleeps until a ring, the next due delivery or the poll.</summary>
        Drained,

        /// <summary>No route had a free slot, so none was asked: only a freed slot, which rings, lets one more start.</summary>
        NoFreeSlot,

        /// <summary>The look failed: the store is down.</summary>
        StoreDown,
    }

    /// <summary>One look, in one lease, at every route with a free slot.</summary>
    private async Task<Round> LeaseRoundAsync(CancellationToken stopping)
    {
        // Each round starts at the next route, so freed slots are shared, not always taken by
        // the routes configured first.
        _firstRoute = routes.Count == 0 ? 0 : (_firstRoute + 1) % routes.Count;
        var asking = new List<(Route Route, int Free, LeaseRequest Request)>();
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[(_firstRoute + i) % routes.Count];
            var free = slots.Free(route.Name, route.Concurrency);

            // What was leased ahead goes first: it has waited longest.
            while (free > 0 && TryTakeNext(route, out var next, out var nextUntil))
            {
                slots.Take(route.Name);
                start(route, next, nextUntil);
                free--;
            }

            if (free > 0)
                asking.Add((route, free, new LeaseRequest(route.Name, free + _leaseAhead)));
        }

        if (asking.Count == 0)
            return Round.NoFreeSlot;

        var now = timeProvider.GetUtcNow();
        var until = now + LeaseFor;
        IReadOnlyList<LeasedDelivery> leased;
        try
        {
            leased = await leases.LeaseAsync([.. asking.Select(a => a.Request)], now, until, _maxAttempts, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return Round.Drained;
        }
        catch (Exception ex)
        {
            // The loop's boundary: the store may be down; the next round tries again.
            DispatchLog.LeaseFailed(logger, string.Join(", ", asking.Select(a => a.Route.Name)), ex);
            return Round.StoreDown;
        }

        var full = false;
        foreach (var (route, free, request) in asking)
        {
            var got = 0;
            foreach (var delivery in leased)
            {
                if (delivery.Route != route.Name)
                    continue;

                // Its free slots are counted again: a route asked before it in this round may have
                // taken the last of the shared ones.
                if (got++ < free && slots.Free(route.Name, route.Concurrency) > 0)
                {
                    slots.Take(route.Name);
                    start(route, delivery, until);
                }
                else
                {
                    hold?.Invoke(route, delivery, until);
                    lock (_waitingLock)
                        WaitingOf(route).Enqueue((delivery, until));
                }
            }

            // A full share means more may be due: look again before sleeping.
            full |= got == request.Max;
        }

        return full ? Round.Full : Round.Drained;
    }

    /// <summary>
    /// Takes the deliveries leased ahead that no slot started, once the loop has stopped: the
    /// caller releases them, so they are due again at once and their attempt does not count.
    /// </summary>
    public IReadOnlyList<(Route Route, LeasedDelivery Delivery)> TakeWaiting()
    {
        lock (_waitingLock)
        {
            var taken = _waiting.SelectMany(w => w.Value.Select(d => (w.Key, d.Delivery))).ToList();
            _waiting.Clear();
            return taken;
        }
    }

    /// <summary>
    /// Takes, for an attempt of <paramref name="route"/> that ended, the delivery leased ahead for
    /// the route that has waited longest, to start in the slot the attempt held. Only where routes
    /// cannot compete for slots: otherwise a busy route would keep slots another waits for, and
    /// the slot goes back to be shared by the loop, in turn.
    /// </summary>
    public bool TryHandOn(Route route, [NotNullWhen(true)] out LeasedDelivery? delivery, out DateTimeOffset leaseUntil)
    {
        if (!_routesCompete)
            return TryTakeNext(route, out delivery, out leaseUntil);

        (delivery, leaseUntil) = (null, default);
        return false;
    }

    /// <summary>Takes the delivery of <paramref name="route"/> that has waited longest for a slot, if one waits.</summary>
    private bool TryTakeNext(Route route, [NotNullWhen(true)] out LeasedDelivery? delivery, out DateTimeOffset leaseUntil)
    {
        lock (_waitingLock)
        {
            if (_waiting.TryGetValue(route, out var waiting) && waiting.TryDequeue(out var next))
            {
                (delivery, leaseUntil) = next;
                return true;
            }
        }

        (delivery, leaseUntil) = (null, default);
        return false;
    }

    private Queue<(LeasedDelivery Delivery, DateTimeOffset Until)> WaitingOf(Route route)
    {
        if (!_waiting.TryGetValue(route, out var waiting))
            _waiting[route] = waiting = new Queue<(LeasedDelivery, DateTimeOffset)>();

        return waiting;
    }

    /// <summary>Deliveries to routes removed from configuration would wait for ever: they are marked dead, saying why.</summary>
    private async Task StopOrphansAsync(CancellationToken stopping)
    {
        // With no route at all, the configuration was most likely not found: better to wait
        // than to call every delivery of every event an orphan.
        if (routes.Count == 0)
            return;

        try
        {
            var stopped = await leases.StopOrphanedDeliveriesAsync([.. routes.Select(r => r.Name)], stopping).ConfigureAwait(false);
            if (stopped > 0)
                DispatchLog.Orphaned(logger, stopped);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: they stay pending, and the next start tries again.
            DispatchLog.OrphanSweepFailed(logger, ex);
        }
    }

    /// <summary>Sleeps until a commit or a finished attempt rings, the next delivery is due, or the poll interval passes.</summary>
    private async Task SleepAsync(CancellationToken stopping)
    {
        var wait = PollInterval;
        try
        {
            if (await leases.NextDueAsync(stopping).ConfigureAwait(false) is { } due)
            {
                var untilDue = due - timeProvider.GetUtcNow();
                if (untilDue > TimeSpan.Zero && untilDue < wait)
                    wait = untilDue;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down; wait the poll interval and try again.
            DispatchLog.NextDueFailed(logger, ex);
        }

        await signal.WaitAsync(wait, stopping).ConfigureAwait(false);
    }
}
