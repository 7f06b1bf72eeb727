using System.Collections.Concurrent;

namespace Hookbox.Tests.Dispatch;

/// <summary>
/// The real store's lease side, passed through and watched. Not a mock: every call reaches the
/// real store. It adds only what the real store cannot be made to do on demand: show the size of
/// each write (to see batching), count the looks at what comes due, fail while
/// <see cref="Failing"/> is set (to test the parts' error boundaries), and hold outcome writes,
/// leases or looks at what comes due until <see cref="HoldCompletions"/>, <see cref="HoldLeases"/>
/// or <see cref="HoldNextDue"/> lets them go.
/// </summary>
internal sealed class ObservedLeases(IDeliveryLeases store) : IDeliveryLeases
{
    private readonly CallHold _completions = new();
    private readonly CallHold _leases = new();
    private readonly CallHold _nextDue = new();
    private volatile bool _failing;
    private int _nextDueLooks;

    /// <summary>While true, every call throws as a store that is down would, without reaching the store.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public static InvalidOperationException Down => new("the store is down");

    /// <summary>The leases of each renewal that reached the store, in order.</summary>
    public ConcurrentQueue<IReadOnlyList<DeliveryLease>> Renewals { get; } = new();

    /// <summary>The size of each outcome batch that reached the store, in order.</summary>
    public ConcurrentQueue<int> Completions { get; } = new();

    /// <summary>Outcome writes started and not yet let through, while held.</summary>
    public int CompletionsWaiting => _completions.Waiting;

    /// <summary>Outcome writes wait until the returned source is completed.</summary>
    public TaskCompletionSource HoldCompletions() => _completions.Hold(passing: 0);

    /// <summary>After the next <paramref name="passing"/> leases, leases wait until the returned source is completed.</summary>
    public TaskCompletionSource HoldLeases(int passing) => _leases.Hold(passing);

    /// <summary>Leases started and not yet let through, while held.</summary>
    public int LeasesWaiting => _leases.Waiting;

    /// <summary>Looks at what comes due wait until the returned source is completed.</summary>
    public TaskCompletionSource HoldNextDue() => _nextDue.Hold(passing: 0);

    /// <summary>Looks at what comes due started and not yet let through, while held.</summary>
    public int NextDueWaiting => _nextDue.Waiting;

    /// <summary>How many looks at when the next delivery is due reached the store.</summary>
    public int NextDueLooks => Volatile.Read(ref _nextDueLooks);

    /// <summary>The routes of each lease that reached the store, in order.</summary>
    public ConcurrentQueue<IReadOnlyList<string>> Leases { get; } = new();

    public async Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(IReadOnlyList<LeaseRequest> requests, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken)
    {
        await _leases.PassAsync(cancellationToken);
        if (Failing)
            throw Down;

        Leases.Enqueue([.. requests.Select(r => r.Route)]);
        return await store.LeaseAsync(requests, now, leaseUntil, maxAttempts, cancellationToken);
    }

    public async Task<int> RenewAsync(IReadOnlyList<DeliveryLease> leases, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (Failing)
            throw Down;

        var renewed = await store.RenewAsync(leases, until, cancellationToken);
        Renewals.Enqueue([.. leases]);
        return renewed;
    }

    public async Task CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken)
    {
        await _completions.PassAsync(cancellationToken);
        if (Failing)
            throw Down;

        await store.CompleteAsync(outcomes, cancellationToken);
        Completions.Enqueue(outcomes.Count);
    }

    public Task<int> StopOrphanedDeliveriesAsync(IReadOnlyCollection<string> routes, CancellationToken cancellationToken) =>
        Failing ? throw Down : store.StopOrphanedDeliveriesAsync(routes, cancellationToken);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await _nextDue.PassAsync(cancellationToken);
        if (Failing)
            throw Down;

        Interlocked.Increment(ref _nextDueLooks);
        return await store.NextDueAsync(cancellationToken);
    }

    /// <summary>Holds the calls of one kind: once held, the next <c>passing</c> go through and the rest wait until the source <see cref="Hold"/> returned is completed.</summary>
    private sealed class CallHold
    {
        private volatile TaskCompletionSource? _held;
        private int _toPass;
        private int _waiting;

        /// <summary>Calls waiting now.</summary>
        public int Waiting => Volatile.Read(ref _waiting);

        public TaskCompletionSource Hold(int passing)
        {
            Volatile.Write(ref _toPass, passing);
            return _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public async Task PassAsync(CancellationToken cancellationToken)
        {
            if (_held is not { } held || Interlocked.Decrement(ref _toPass) >= 0)
                return;

            Interlocked.Increment(ref _waiting);
            await held.Task.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref _waiting);
        }
    }
}
