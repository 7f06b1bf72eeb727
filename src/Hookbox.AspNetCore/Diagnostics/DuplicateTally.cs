using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Hookbox.AspNetCore;

/// <summary>
/// Counts duplicate deliveries per source since this instance started. Duplicates are not
/// stored (the inbox keeps one copy of an event, by design), so the overview can only learn of
/// them as they happen: from <see cref="HookboxSignals"/>, which this hears from the host's start
/// to its stop.
/// </summary>
internal sealed class DuplicateTally(HookboxSignals signals, TimeProvider timeProvider) : IHookboxSignalObserver, IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, Counter> _bySource = new(StringComparer.Ordinal);
    private IDisposable? _subscription;

    /// <summary>When counting began: the host's start.</summary>
    public DateTimeOffset Since { get; private set; } = timeProvider.GetUtcNow();

    /// <summary>Duplicates per source since <see cref="Since"/>.</summary>
    public IReadOnlyDictionary<string, long> Counts() =>
        _bySource.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value.Count), StringComparer.Ordinal);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Since = timeProvider.GetUtcNow();
        _subscription ??= signals.Subscribe(this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
    }

    // On the ingest path of every request: no allocation unless the source is new.
    void IHookboxSignalObserver.OnRequestAnswered(in RequestAnswered request)
    {
        if (request.Duplicate)
            Interlocked.Increment(ref _bySource.GetOrAdd(request.Source, static _ => new Counter()).Count);
    }

    /// <summary>A counter that Interlocked can add to in place.</summary>
    private sealed class Counter
    {
        public long Count;
    }
}
