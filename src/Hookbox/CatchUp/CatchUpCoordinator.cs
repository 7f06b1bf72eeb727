using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>
/// Runs the looks: one within moments of start-up for every source with a <c>CatchUp</c> section
/// (covering the time Hookbox was down), then one every <c>Every</c>, and one whenever the API or
/// the CLI asks. One look per source at a time, across instances too: a look first takes the
/// source's lease in the store, held for its run timeout at most, and gives it back when done.
/// </summary>
internal sealed class CatchUpCoordinator : ICatchUpControl, IHostedService, IAsyncDisposable
{
    // A lease outlives the longest look by this much, so a crashed instance's lease expires
    // soon after the look it held could have ended, and never while a look still runs.
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromMinutes(1);

    private readonly SourceRegistry _registry;
    private readonly CatchUpRunner _runner;
    private readonly ICatchUpLedger _ledger;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CatchUpCoordinator> _logger;
    private readonly Dictionary<string, CatchUpSource> _sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HttpClient> _clients = [];
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.OrdinalIgnoreCase);

    // The store lease each source's last look is giving back: a look asked for just after one
    // ended (its run already recorded) waits for it, instead of finding the lease still held.
    private readonly ConcurrentDictionary<string, Task> _releasing = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Task> _schedules = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private int _disposed;

    public CatchUpCoordinator(SourceRegistry registry, CatchUpRunner runner, ICatchUpLedger ledger, TimeProvider timeProvider, ILogger<CatchUpCoordinator> logger)
    {
        _registry = registry;
        _runner = runner;
        _ledger = ledger;
        _timeProvider = timeProvider;
        _logger = logger;
        foreach (var source in registry.All)
        {
            if (source.CatchUp is not { } options)
                continue;

            var client = CatchUpClient.Create(options, timeProvider);
            _clients.Add(client);
            _sources[source.Name] = new CatchUpSource(source.Name, source.SchemeName, options, CatchUpSettings.MaxAge(source.Kind, options), CatchUpSettings.CreateSender(source.Kind, options, client));
        }
    }

    /// <summary>The looks running on this instance now, for tests that wait for one to end.</summary>
    internal IEnumerable<Task> Looks => _running.Values.Select(r => r.Task);

    public Task<CatchUpStart> StartAsync(string source, DateTimeOffset? since, CancellationToken cancellationToken) =>
        TryStartAsync(source, since, CatchUpTrigger.Request, cancellationToken);

    public async Task<IReadOnlyList<CatchUpRun>?> ListRunsAsync(string source, int limit, CancellationToken cancellationToken)
    {
        if (!_sources.TryGetValue(source, out var catchUp))
            return null;

        var runs = await _ledger.ListCatchUpRunsAsync(catchUp.Name, limit, cancellationToken).ConfigureAwait(false);
        return _running.TryGetValue(catchUp.Name, out var running) && running.Tally is { } tally
            ? [tally.Snapshot(), .. runs.Take(limit - 1)]
            : runs;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var source in _sources.Values)
            _schedules.Add(Task.Run(() => ScheduleAsync(source, _stopping.Token), CancellationToken.None));

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll([.. _schedules, .. Looks]).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll([.. _schedules, .. Looks]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var client in _clients)
            client.Dispose();

        _stopping.Dispose();
    }

    /// <summary>The start-up look, then one every <c>Every</c>; a look still running at a tick is let be.</summary>
    private async Task ScheduleAsync(CatchUpSource source, CancellationToken stopping)
    {
        await TryScheduledAsync(source, CatchUpTrigger.StartUp, stopping).ConfigureAwait(false);
        using var timer = new PeriodicTimer(source.Options.Every, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
                await TryScheduledAsync(source, CatchUpTrigger.Schedule, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private async Task TryScheduledAsync(CatchUpSource source, string trigger, CancellationToken stopping)
    {
        try
        {
            if (await TryStartAsync(source.Name, null, trigger, stopping).ConfigureAwait(false) == CatchUpStart.AlreadyRunning)
                CatchUpLog.AlreadyRunning(_logger, source.Name);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            // The schedule's boundary: the store may be down now and up at the next tick.
            CatchUpLog.LeaseFailed(_logger, source.Name, ex);
        }
    }

    private async Task<CatchUpStart> TryStartAsync(string name, DateTimeOffset? since, string trigger, CancellationToken cancellationToken)
    {
        if (!_sources.TryGetValue(name, out var source))
            return _registry.Find(name) is null ? CatchUpStart.UnknownSource : CatchUpStart.NotConfigured;

        // This instance first, then every other one through the store's lease.
        var running = new Running();
        if (!_running.TryAdd(source.Name, running))
            return CatchUpStart.AlreadyRunning;

        try
        {
            if (_releasing.TryGetValue(source.Name, out var releasing))
                await releasing.ConfigureAwait(false); // never throws: ReleaseAsync logs its failure

            var now = _timeProvider.GetUtcNow();
            if (!await _ledger.TryAcquireCatchUpAsync(source.Name, _holder, now, now + source.Options.RunTimeout + LeaseMargin, cancellationToken).ConfigureAwait(false))
            {
                _running.TryRemove(source.Name, out _);
                return CatchUpStart.AlreadyRunning;
            }
        }
        catch
        {
            _running.TryRemove(source.Name, out _);
            throw;
        }

        running.Tally = new CatchUpTally(source.Name, trigger, _timeProvider.GetUtcNow());
        running.Task = Task.Run(() => RunAsync(source, since, running.Tally), CancellationToken.None);
        return CatchUpStart.Started;
    }

    private async Task RunAsync(CatchUpSource source, DateTimeOffset? since, CatchUpTally tally)
    {
        try
        {
            await _runner.RunAsync(source, since, tally, _stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            // Noted before the look stops counting as running here, so a start that follows sees it.
            var release = ReleaseAsync(source);
            _releasing[source.Name] = release;
            _running.TryRemove(source.Name, out _);
            await release.ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync(CatchUpSource source)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _timeProvider);
        try
        {
            await _ledger.ReleaseCatchUpAsync(source.Name, _holder, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Not given back, it expires by itself after the run timeout.
            CatchUpLog.LeaseFailed(_logger, source.Name, ex);
        }
    }

    /// <summary>A look running on this instance: its counts, and the task that runs it.</summary>
    private sealed class Running
    {
        public CatchUpTally? Tally { get; set; }

        public Task Task { get; set; } = Task.CompletedTask;
    }
}
