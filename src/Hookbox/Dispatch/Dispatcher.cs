using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// Hands recorded events on: leases due deliveries route by route (never more than a route's
/// own limit, so one slow destination cannot take every slot), runs up to
/// <c>Dispatch:Concurrency</c> attempts at once, and records each outcome — succeeded, retrying
/// after a backoff, or dead. A lease its holder never completes expires and the delivery runs
/// again: delivery is at least once. On shutdown, running attempts may finish until the host's
/// deadline; the rest are left to their leases.
/// </summary>
internal sealed class Dispatcher : IHostedService, IAsyncDisposable
{
    /// <summary>How often the dispatcher looks for due deliveries when nothing wakes it sooner.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between looks while the store is down.</summary>
    public static readonly TimeSpan StoreRetryLimit = TimeSpan.FromSeconds(8);

    private const int MaxOutcomesPerCommit = 256;

    // After the shutdown deadline, how long stopped attempts get to report their release, and
    // the outcomes to be recorded, before the process lets go.
    private static readonly TimeSpan LetGo = TimeSpan.FromSeconds(5);

    private readonly IDeliveryLeases _queue;
    private readonly RouteTable _routes;
    private readonly DispatchSignal _signal;
    private readonly DispatchOptions _options;
    private readonly RetrySchedule _schedule;
    private readonly TimeProvider _timeProvider;
    private readonly HookboxMetrics _metrics;
    private readonly HookboxSignals _signals;
    private readonly ILogger<Dispatcher> _logger;
    private readonly Channel<DeliveryOutcome> _outcomes = Channel.CreateUnbounded<DeliveryOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, int> _runningByRoute = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<Task> _attempts = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abandon = new();
    private Task _leasing = Task.CompletedTask;
    private Task _recording = Task.CompletedTask;
    private int _firstRoute;
    private int _disposed;

    public Dispatcher(IDeliveryLeases queue, RouteTable routes, DispatchSignal signal, IOptions<HookboxOptions> options, HookboxMetrics metrics, HookboxSignals signals, TimeProvider timeProvider, ILogger<Dispatcher> logger)
    {
        _metrics = metrics;
        _signals = signals;
        _queue = queue;
        _routes = routes;
        _signal = signal;
        _options = options.Value.Dispatch;
        _schedule = new RetrySchedule(_options);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _leasing = Task.Run(LeaseAsync, CancellationToken.None);
        _recording = Task.Run(RecordAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _leasing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            // Running attempts may finish and be recorded until the host's shutdown deadline.
            await Task.WhenAll(Running()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Past the deadline: stop the rest; each reports a release, so it runs again at once
            // on the next start without costing an attempt.
            await _abandon.CancelAsync().ConfigureAwait(false);
            // The host's token has fired; these waits are bounded by LetGo instead.
            await Task.WhenAll(Running()).WaitAsync(LetGo, _timeProvider, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _outcomes.Writer.TryComplete();
        await _recording.WaitAsync(LetGo, _timeProvider, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _abandon.CancelAsync().ConfigureAwait(false);

        // A handler that ignores its token must not keep the process from exiting.
        await Task.WhenAll([_leasing, .. Running()]).WaitAsync(LetGo, _timeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _outcomes.Writer.TryComplete();
        await _recording.WaitAsync(LetGo, _timeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
        _abandon.Dispose();
    }

    private Task[] Running()
    {
        lock (_lock)
            return [.. _attempts];
    }

    private async Task LeaseAsync()
    {
        var stopping = _stopping.Token;
        var leaseFor = _options.AttemptTimeout + _options.LeaseMargin;
        await StopOrphansAsync(stopping).ConfigureAwait(false);
        var routes = _routes.All;
        var storeDown = TimeSpan.Zero;
        while (!stopping.IsCancellationRequested)
        {
            var full = false;
            var failed = 0;

            // Each round starts at the next route, so freed slots are shared, not always taken
            // by the routes configured first.
            _firstRoute = routes.Count == 0 ? 0 : (_firstRoute + 1) % routes.Count;
            for (var i = 0; i < routes.Count; i++)
            {
                var route = routes[(_firstRoute + i) % routes.Count];
                var free = FreeSlots(route);
                if (free == 0)
                    continue;

                var now = _timeProvider.GetUtcNow();
                IReadOnlyList<LeasedDelivery> leased;
                try
                {
                    leased = await _queue.LeaseAsync(route.Name, free, now, now + leaseFor, _schedule.MaxAttempts, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The loop's boundary: the store may be down; the next round tries again.
                    DispatchLog.LeaseFailed(_logger, route.Name, ex);
                    failed++;
                    continue;
                }

                foreach (var delivery in leased)
                    Start(route, delivery);

                // A full lease means more may be due: look again before sleeping.
                full |= leased.Count == free;
            }

            if (failed > 0 && failed == routes.Count)
            {
                // The store is down: each round that finds it so waits twice as long, up to
                // StoreRetryLimit, so an outage is not met with a storm of failing queries. A
                // ring (a commit, a reconnected listener) still wakes it at once.
                storeDown = storeDown == TimeSpan.Zero ? PollInterval : TimeSpan.FromTicks(Math.Min(storeDown.Ticks * 2, StoreRetryLimit.Ticks));
                await WaitForSignalAsync(storeDown, stopping).ConfigureAwait(false);
                continue;
            }

            storeDown = TimeSpan.Zero;
            if (!full)
                await SleepAsync(stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Deliveries to routes removed from configuration would wait for ever: they are marked dead, saying why.</summary>
    private async Task StopOrphansAsync(CancellationToken stopping)
    {
        // With no route at all, the configuration was most likely not found: better to wait
        // than to call every delivery of every event an orphan.
        if (_routes.All.Count == 0)
            return;

        try
        {
            var stopped = await _queue.StopOrphanedDeliveriesAsync([.. _routes.All.Select(r => r.Name)], stopping).ConfigureAwait(false);
            if (stopped > 0)
                DispatchLog.Orphaned(_logger, stopped);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: they stay pending, and the next start tries again.
            DispatchLog.OrphanSweepFailed(_logger, ex);
        }
    }

    private int FreeSlots(Route route)
    {
        lock (_lock)
        {
            var running = _runningByRoute.GetValueOrDefault(route.Name);
            return Math.Max(0, Math.Min(_options.Concurrency - _attempts.Count, route.Concurrency - running));
        }
    }

    /// <summary>Sleeps until a commit or a finished attempt rings, the next delivery is due, or the poll interval passes.</summary>
    private async Task SleepAsync(CancellationToken stopping)
    {
        var wait = PollInterval;
        try
        {
            if (await _queue.NextDueAsync(stopping).ConfigureAwait(false) is { } due)
            {
                var untilDue = due - _timeProvider.GetUtcNow();
                if (untilDue > TimeSpan.Zero && untilDue < wait)
                    wait = untilDue;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down; wait the poll interval and try again.
            DispatchLog.NextDueFailed(_logger, ex);
        }

        await WaitForSignalAsync(wait, stopping).ConfigureAwait(false);
    }

    private async Task WaitForSignalAsync(TimeSpan wait, CancellationToken stopping)
    {
        try
        {
            await _signal.WaitAsync(wait, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Start(Route route, LeasedDelivery delivery)
    {
        Task attempt;
        lock (_lock)
        {
            _runningByRoute[route.Name] = _runningByRoute.GetValueOrDefault(route.Name) + 1;

            // On the thread pool: a handler that computes before its first await must not hold up leasing.
            attempt = Task.Run(() => RunAsync(route, delivery), CancellationToken.None);
            _attempts.Add(attempt);
        }

        attempt.ContinueWith(Finished, route.Name, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Finished(Task attempt, object? route)
    {
        lock (_lock)
        {
            _attempts.Remove(attempt);
            var name = (string)route!; // the route name passed to ContinueWith
            _runningByRoute[name]--;
        }

        _signal.Ring();
    }

    private async Task RunAsync(Route route, LeasedDelivery delivery)
    {
        var summary = delivery.Event.Summary;
        using var scope = DispatchLog.BeginEventScope(_logger, summary);
        using var activity = HookboxActivities.StartAttempt(delivery);
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _timeProvider);
        using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _abandon.Token);
        var started = _timeProvider.GetTimestamp();
        AttemptResult result;
        try
        {
            result = await route.Target.DeliverAsync(delivery, attemptToken.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // Stopped by shutdown, not failed: the lease is released and the attempt does not count.
            DispatchLog.Abandoned(_logger, delivery.Attempt, summary.Type, summary.EventId, route.Name);
            _signals.AttemptFinished(route.Name, HookboxMetrics.Outcomes.Released, _timeProvider.GetElapsedTime(started));
            HookboxActivities.Completed(activity, HookboxMetrics.Outcomes.Released);
            Record(new DeliveryOutcome(delivery.EventSequence, route.Name, delivery.LeaseId, DeliveryOutcomeKind.Released, _timeProvider.GetUtcNow(), null));
            return;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = AttemptResult.Failure($"timed out after {_options.AttemptTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex)
        {
            // A handler's exception is a failed attempt, not a fault of the dispatcher.
            result = AttemptResult.Failure($"{ex.GetType().Name}: {ex.Message}");
        }

        var elapsed = _timeProvider.GetElapsedTime(started);
        var outcome = Outcome(route, delivery, result, (long)elapsed.TotalMilliseconds);
        _signals.AttemptFinished(route.Name, outcome.Status, elapsed);
        if (result.Succeeded)
        {
            _metrics.Delivered(route.Name, _timeProvider.GetUtcNow() - summary.ReceivedAt);
            HookboxActivities.Completed(activity, outcome.Status);
        }
        else
        {
            HookboxActivities.Failed(activity, outcome.Status, outcome.Error);
        }

        Record(outcome);
    }

    private void Record(DeliveryOutcome outcome)
    {
        if (!_outcomes.Writer.TryWrite(outcome))
            DispatchLog.OutcomeDropped(_logger, outcome.Route, outcome.Status);
    }

    private DeliveryOutcome Outcome(Route route, LeasedDelivery delivery, AttemptResult result, long duration)
    {
        var summary = delivery.Event.Summary;
        if (result.Succeeded)
        {
            DispatchLog.Succeeded(_logger, summary.Type, summary.EventId, route.Name, delivery.Attempt, duration);
            return new DeliveryOutcome(delivery.EventSequence, route.Name, delivery.LeaseId, DeliveryOutcomeKind.Succeeded, null, null);
        }

        var error = result.Error ?? "failed";
        if (_schedule.IsLast(delivery.Attempt))
        {
            DispatchLog.Dead(_logger, summary.Type, summary.EventId, route.Name, delivery.Attempt, duration, error);
            return new DeliveryOutcome(delivery.EventSequence, route.Name, delivery.LeaseId, DeliveryOutcomeKind.Dead, null, error);
        }

        var next = _timeProvider.GetUtcNow() + _schedule.DelayAfter(delivery.Attempt);
        DispatchLog.Retrying(_logger, delivery.Attempt, summary.Type, summary.EventId, route.Name, duration, error, next);
        return new DeliveryOutcome(delivery.EventSequence, route.Name, delivery.LeaseId, DeliveryOutcomeKind.Retrying, next, error);
    }

    /// <summary>Records outcomes in batches, as group commit does for events.</summary>
    private async Task RecordAsync()
    {
        var batch = new List<DeliveryOutcome>(MaxOutcomesPerCommit);
        var reader = _outcomes.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxOutcomesPerCommit && reader.TryRead(out var outcome))
                batch.Add(outcome);

            try
            {
                await _queue.CompleteAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The loop's boundary: unrecorded outcomes leave their leases to expire, and
                // those deliveries run again (at least once, never lost).
                DispatchLog.RecordFailed(_logger, batch.Count, ex);
            }

            batch.Clear();
        }
    }
}
