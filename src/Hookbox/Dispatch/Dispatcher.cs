using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// Hands recorded events on. Its parts: <see cref="LeaseLoop"/> leases due deliveries within
/// <see cref="RouteSlots"/>; <see cref="AttemptRunner"/> runs each attempt with its timeout;
/// <see cref="RetryDecision"/> turns it into an outcome; <see cref="OutcomeRecorder"/> records
/// outcomes in batches; <see cref="LeaseRenewer"/> keeps the leases of attempts still running.
/// A destination that hangs gives its slot back at the attempt timeout; if it goes on running
/// (a handler that ignores its token), its lease is kept and its outcome waits until it ends, so
/// the delivery never runs twice at once. An attempt that ends may hand its slot to the next
/// delivery leased ahead for its route (<see cref="HandOn"/>). A
/// lease whose process dies expires and the delivery runs again: delivery is at least once. On
/// shutdown, running attempts may finish until the host's deadline; the rest are left to their
/// leases.
/// </summary>
internal sealed class Dispatcher : IHostedService, IAsyncDisposable
{
    // After the shutdown deadline, how long stopped attempts get to report their release, and
    // the outcomes to be recorded, before the process lets go.
    private static readonly TimeSpan LetGo = TimeSpan.FromSeconds(5);

    // Set while an attempt that ended starts the next in its slot: see HandOn.
    [ThreadStatic]
    private static bool t_handingOn;

    private readonly DispatchSignal _signal;
    private readonly TimeProvider _timeProvider;
    private readonly HookboxMetrics _metrics;
    private readonly HookboxSignals _signals;
    private readonly ILogger<Dispatcher> _logger;
    private readonly RouteSlots _slots;
    private readonly LeaseLoop _loop;
    private readonly AttemptRunner _runner;
    private readonly RetryDecision _decision;
    private readonly OutcomeRecorder _recorder;
    private readonly LeaseRenewer _renewer;
    private readonly HashSet<Task> _attempts = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abandon = new();
    private Task _leasing = Task.CompletedTask;
    private int _stopped;
    private int _disposed;

    public Dispatcher(IDeliveryLeases queue, RouteTable routes, DispatchSignal signal, IOptions<HookboxOptions> options, HookboxMetrics metrics, HookboxSignals signals, TimeProvider timeProvider, ILogger<Dispatcher> logger)
    {
        var dispatch = options.Value.Dispatch;
        _metrics = metrics;
        _signals = signals;
        _signal = signal;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new RouteSlots(dispatch.Concurrency);
        _loop = new LeaseLoop(queue, routes.All, _slots, signal, dispatch, timeProvider, logger, Start, Hold);
        _runner = new AttemptRunner(dispatch.AttemptTimeout, timeProvider);
        _decision = new RetryDecision(new RetrySchedule(dispatch), timeProvider, logger);
        // The linger batches writes in real milliseconds; on a test's fake clock it would hold
        // every outcome until the test moved the clock.
        _recorder = new OutcomeRecorder(queue, OutcomeRecorder.Linger, TimeProvider.System, logger);
        _renewer = new LeaseRenewer(queue, _loop.LeaseFor, timeProvider, logger);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _recorder.Start();
        _renewer.Start();
        _leasing = Task.Run(() => _loop.RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _leasing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            // Running attempts may finish and be recorded until the host's shutdown deadline. Looked
            // at again until none is left: an attempt that ended as the stop began may have handed
            // its slot on, and it adds the one it started before it ends itself.
            while (Running() is { Length: > 0 } running)
                await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Past the deadline: stop the rest; each reports a release, so it runs again at once
            // on the next start without costing an attempt.
            await _abandon.CancelAsync().ConfigureAwait(false);
            // The host's token has fired; these waits are bounded by LetGo instead.
            await Task.WhenAll(Running()).WaitAsync(LetGo, _timeProvider, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await LetGoAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _abandon.CancelAsync().ConfigureAwait(false);

        // A handler that ignores its token must not keep the process from exiting.
        await Task.WhenAll([_leasing, .. Running()]).WaitAsync(LetGo, _timeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await LetGoAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _abandon.Dispose();
    }

    /// <summary>
    /// Releases the deliveries leased ahead that never started, records what is queued and stops
    /// renewing: attempts still running are left to their leases.
    /// </summary>
    private async Task LetGoAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
            return;

        // Only a loop that has ended can be emptied; one that did not end in time (on dispose)
        // leaves what it leased ahead to the leases' expiry, as a crash would.
        var waiting = _leasing.IsCompleted ? _loop.TakeWaiting() : [];
        foreach (var (route, delivery) in waiting)
        {
            _renewer.Release(LeaseOf(route, delivery));
            _recorder.Record(_decision.Unstarted(route.Name, delivery));
        }

        if (waiting.Count > 0)
            DispatchLog.LeasedAheadReleased(_logger, waiting.Count);

        await _recorder.StopAsync(LetGo, _timeProvider).ConfigureAwait(false);
        await _renewer.DisposeAsync().ConfigureAwait(false);
    }

    private Task[] Running()
    {
        lock (_lock)
            return [.. _attempts];
    }

    private static DeliveryLease LeaseOf(Route route, LeasedDelivery delivery) => new(delivery.EventSequence, route.Name, delivery.LeaseId);

    /// <summary>Keeps the lease of a delivery leased ahead while it waits for a slot.</summary>
    private void Hold(Route route, LeasedDelivery delivery, DateTimeOffset leaseUntil) => _renewer.Hold(LeaseOf(route, delivery), leaseUntil);

    /// <summary>Starts an attempt whose slot <see cref="LeaseLoop"/> has taken.</summary>
    private void Start(Route route, LeasedDelivery delivery, DateTimeOffset leaseUntil)
    {
        var lease = LeaseOf(route, delivery);
        _renewer.Hold(lease, leaseUntil);

        // Outside the lock: an HTTP attempt builds, signs and sends its request before it returns.
        var attempt = RunAsync(route, delivery, lease);
        lock (_lock)
        {
            // One that finished already is not running; Finished removes any other.
            if (attempt.IsCompleted)
                return;

            _attempts.Add(attempt);
        }

        attempt.ContinueWith(Finished, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Starts in the slot of an attempt that ended the next delivery leased ahead for its route,
    /// where the loop allows it (<see cref="LeaseLoop.TryHandOn"/>). The lease loop is then woken
    /// when a route's deliveries leased ahead run out, not once a delivery: on one core each
    /// wake-up cost about as much as the work it started. Never once the dispatcher stops (the
    /// loop's waiting deliveries are released then), and not from within an attempt started so
    /// whose target finished at once (a destination refusing connections): a run of those would
    /// nest one call in the next, as deep as the deliveries leased ahead.
    /// </summary>
    private bool HandOn(Route route)
    {
        if (t_handingOn || _stopping.IsCancellationRequested || !_loop.TryHandOn(route, out var next, out var leaseUntil))
            return false;

        t_handingOn = true;
        try
        {
            Start(route, next, leaseUntil);
        }
        finally
        {
            t_handingOn = false;
        }

        return true;
    }

    private void Finished(Task attempt)
    {
        lock (_lock)
            _attempts.Remove(attempt);
    }

    private async Task RunAsync(Route route, LeasedDelivery delivery, DeliveryLease lease)
    {
        var summary = delivery.Event.Summary;
        using var scope = DispatchLog.BeginEventScope(_logger, summary);
        using var activity = HookboxActivities.StartAttempt(delivery);
        AttemptRun run;
        try
        {
            run = await _runner.RunAsync(route.Target, delivery, _abandon.Token).ConfigureAwait(false);
        }
        finally
        {
            // The slot comes back at the attempt's end or its timeout, whichever is first: a
            // destination that hangs holds it no longer. It goes to the next delivery leased
            // ahead for the route, or back to the loop, which may lease again at once.
            if (!HandOn(route))
            {
                _slots.Return(route.Name);
                _signal.Ring();
            }
        }

        DeliveryOutcome outcome;
        if (run.End == AttemptEnd.Abandoned)
        {
            outcome = _decision.Release(route.Name, delivery);
            HookboxActivities.Completed(activity, outcome.Status);
        }
        else
        {
            outcome = _decision.Decide(route.Name, delivery, run.Result, run.Elapsed);
            if (run.Result.Succeeded)
            {
                _metrics.Delivered(route.Name, _timeProvider.GetUtcNow() - summary.ReceivedAt);
                HookboxActivities.Completed(activity, outcome.Status);
            }
            else
            {
                HookboxActivities.Failed(activity, outcome.Status, outcome.Error);
            }
        }

        _signals.AttemptFinished(route.Name, outcome.Kind, run.Elapsed);
        if (!run.Target.IsCompleted)
        {
            // Timed out, but still running: its lease is renewed and its outcome waits, so the
            // delivery cannot run again beside it.
            DispatchLog.StillRunning(_logger, delivery.Attempt, summary.Type, summary.EventId, route.Name);
            await run.Target.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _renewer.Release(lease);
        _recorder.Record(outcome);
    }
}
