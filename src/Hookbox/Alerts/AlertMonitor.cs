using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// Evaluates the alert rules every <c>Alerts:EvaluateEvery</c> on the <see cref="TimeProvider"/>'s
/// timer and keeps one state per alert key: an alert is sent when it fires, again each
/// <c>Alerts:Cooldown</c> while it stays open, and once more when it resolves. The counts come
/// from <see cref="HookboxSignals"/>, the oldest pending delivery from the inbox's stats. A sink that
/// fails is logged and the others still get the alert; nothing stops the evaluations but shutdown.
/// </summary>
internal sealed class AlertMonitor : IHostedService, IAsyncDisposable
{
    private const int MaxUnsent = 100;

    private readonly AlertOptions _options;
    private readonly HookboxSignals _signals;
    private readonly RouteTable _routes;
    private readonly SourceRegistry _sources;
    private readonly CatchUpBoard _catchUp;
    private readonly IInboxStats _stats;
    private readonly AlertBoard _board;
    private readonly IAlertSink[] _sinks;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AlertMonitor> _logger;
    private readonly AlertCounters _counters;
    private readonly FloodLedger _floods;
    private readonly Dictionary<string, OpenAlert> _open = new(StringComparer.Ordinal);
    private readonly Queue<(AlertNotification Notification, IAlertSink Sink)> _unsent = new();
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _subscription;
    private PeriodicTimer? _timer;
    private Task _loop = Task.CompletedTask;
    private long _lastEvaluatedAt;
    private DateTimeOffset _upSince;

    public AlertMonitor(
        IOptions<HookboxOptions> options,
        HookboxSignals signals,
        RouteTable routes,
        SourceRegistry sources,
        CatchUpBoard catchUp,
        IInboxStats stats,
        AlertBoard board,
        FloodLedger floods,
        IEnumerable<IAlertSink> sinks,
        TimeProvider timeProvider,
        ILogger<AlertMonitor> logger)
    {
        _options = options.Value.Alerts;
        _signals = signals;
        _routes = routes;
        _sources = sources;
        _catchUp = catchUp;
        _stats = stats;
        _board = board;
        _floods = floods;
        _sinks = [.. sinks];
        _timeProvider = timeProvider;
        _logger = logger;
        _counters = new AlertCounters(_options.Window, timeProvider);
    }

    /// <summary>
    /// The clock when the last finished evaluation began, for tests that must know one ran before
    /// asserting: one begun after the clock moved saw all that was counted before, where one the
    /// timer owed from an earlier tick may not.
    /// </summary>
    internal DateTimeOffset LastEvaluatedAt => new(Volatile.Read(ref _lastEvaluatedAt), TimeSpan.Zero);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
            return Task.CompletedTask;

        _upSince = _timeProvider.GetUtcNow();
        _subscription = _signals.Subscribe(_counters);

        // Created here, not in the loop, so a tick of a test's fake clock right after start is not missed.
        _timer = new PeriodicTimer(_options.EvaluateEvery, _timeProvider);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _subscription?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _timer?.Dispose();
        _subscription?.Dispose();
        _stopping.Dispose();
    }

    private async Task LoopAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            // The timer is set in StartAsync before this runs.
            while (await _timer!.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                var began = _timeProvider.GetUtcNow();
                try
                {
                    await EvaluateAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    AlertLog.EvaluationFailed(_logger, ex);
                }

                Volatile.Write(ref _lastEvaluatedAt, began.UtcTicks);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    /// <summary>Each source's requests less the refusals of addresses the refusal throttle caught flooding.</summary>
    private Dictionary<string, OutcomeCounts> WithoutFloods(IReadOnlyDictionary<string, OutcomeCounts> requests)
    {
        var floods = _floods.Floods();
        return requests.ToDictionary(
            r => r.Key,
            r => floods.TryGetValue(r.Key, out var flood) ? r.Value.Minus(flood) : r.Value,
            StringComparer.Ordinal);
    }

    private async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var attempts = _counters.Attempts();
        var routeSources = _routes.All.ToDictionary(r => r.Name, r => r.Source, StringComparer.OrdinalIgnoreCase);
        var readings = new List<AlertReading>();
        readings.AddRange(AlertRules.RouteFailures(attempts, IsOpen, _options));
        readings.AddRange(AlertRules.SourceFailures(attempts, routeSources, IsOpen, _options));
        readings.AddRange(AlertRules.Rejections(WithoutFloods(_counters.Requests()), IsOpen, _options));
        foreach (var source in _sources.All)
        {
            if (source.ExpectEventsWithin is { } expected)
                readings.Add(AlertRules.Silence(source.Name, expected, _counters.LastWebhook(source.Name), _upSince, now));
        }

        foreach (var (source, state) in _catchUp.States)
        {
            readings.Add(AlertRules.CatchUpFailed(source, state.Latest));
            if (state.LastCompleted is { } completed)
                readings.Add(AlertRules.Gaps(source, completed, state.Gap));
        }

        try
        {
            var dispatch = await _stats.GetDispatchStatsAsync(now, cancellationToken).ConfigureAwait(false);
            readings.Add(AlertRules.OldestPending(dispatch, now, _options));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // No reading: an open oldest-pending alert stays as it is rather than resolving blind.
            AlertLog.StatsFailed(_logger, ex);
        }

        await SendUnsentAsync(cancellationToken).ConfigureAwait(false);
        var changes = Apply(readings, now);
        _board.Publish([.. _open.Values.Select(o => o.Alert).OrderBy(a => a.Since).ThenBy(a => a.Key, StringComparer.Ordinal)]);
        foreach (var change in changes)
            await SendAsync(change, cancellationToken).ConfigureAwait(false);
    }

    private bool IsOpen(string key) => _open.ContainsKey(key);

    private List<AlertNotification> Apply(List<AlertReading> readings, DateTimeOffset now)
    {
        var changes = new List<AlertNotification>();
        foreach (var reading in readings.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (_open.TryGetValue(reading.Key, out var open))
            {
                open.Alert = open.Alert with { Message = reading.Message };
                if (!reading.Firing)
                {
                    _open.Remove(reading.Key);
                    changes.Add(new AlertNotification(AlertChange.Resolved, open.Alert, reading.Figures, now));
                }
                else if (now - open.LastSent >= _options.Cooldown)
                {
                    open.LastSent = now;
                    changes.Add(new AlertNotification(AlertChange.Repeated, open.Alert, reading.Figures, now));
                }
            }
            else if (reading.Firing)
            {
                var alert = new Alert(reading.Key, reading.Kind, reading.Subject, reading.Message, now);
                _open[reading.Key] = new OpenAlert { Alert = alert, LastSent = now };
                changes.Add(new AlertNotification(AlertChange.Fired, alert, reading.Figures, now));
            }
        }

        return changes;
    }

    private async Task SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
            await SendAsync(notification, sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends again, in order, what a sink failed to take at earlier evaluations: a chat service
    /// that was down must not leave its channel showing an alert that resolved long ago.
    /// </summary>
    private async Task SendUnsentAsync(CancellationToken cancellationToken)
    {
        var unsent = _unsent.ToList();
        _unsent.Clear();
        foreach (var (notification, sink) in unsent)
            await SendAsync(notification, sink, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(AlertNotification notification, IAlertSink sink, CancellationToken cancellationToken)
    {
        try
        {
            await sink.SendAsync(notification, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            AlertLog.SinkFailed(_logger, notification.Alert.Key, notification.Change, sink.Name, ex);

            // Kept for the next evaluation; past the limit the oldest goes, so a sink that stays
            // down does not grow this without end.
            _unsent.Enqueue((notification, sink));
            if (_unsent.Count > MaxUnsent)
                _unsent.Dequeue();
        }
    }

    /// <summary>An alert that fired and has not resolved, and when it was last sent.</summary>
    private sealed class OpenAlert
    {
        public required Alert Alert { get; set; }

        public required DateTimeOffset LastSent { get; set; }
    }
}
