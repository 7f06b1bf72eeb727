using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// Refusals by client address over the alert window, so the <c>rejections</c> alert can leave
/// out the addresses the refusal throttle caught flooding: a flood says nothing about whether a
/// real sender's deliveries get through, and must not page someone on its own. A real sender
/// whose secret broke refuses at its own event rate, far under the throttle, and still counts.
/// </summary>
/// <remarks>
/// Counted in the same buckets as <see cref="AlertCounters"/>, so what is left out is exactly what
/// the flooder added. Memory follows the addresses refused in the window, up to
/// <see cref="MaxClients"/>; past that, new addresses are not followed and simply count.
/// </remarks>
internal sealed class FloodLedger
{
    internal const int MaxClients = 10_000;

    private readonly ConcurrentDictionary<(string Client, string Source, string Outcome), SlidingCount> _refusals = new();
    private readonly ConcurrentDictionary<string, long> _floodingUntil = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly long _bucketLength;

    public FloodLedger(IOptions<HookboxOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        _bucketLength = AlertCounters.BucketLength(options.Value.Alerts.Window, timeProvider);
    }

    private long CurrentBucket => _timeProvider.GetTimestamp() / _bucketLength;

    /// <summary>Counts a refusal of <paramref name="client"/>'s request to <paramref name="source"/>.</summary>
    public void Refused(string client, string source, string outcome)
    {
        var key = (client, source, outcome);
        if (!_refusals.TryGetValue(key, out var count))
        {
            if (_refusals.Count >= MaxClients)
                return;

            count = _refusals.GetOrAdd(key, static _ => new SlidingCount(AlertCounters.Buckets));
        }

        count.Add(CurrentBucket, 1);
    }

    /// <summary>The refusal throttle caught <paramref name="client"/>: its refusals in the window are a flood.</summary>
    public void Flooding(string client) => _floodingUntil[client] = CurrentBucket + AlertCounters.Buckets;

    /// <summary>Each source's refusals in the window from the addresses caught flooding, by outcome.</summary>
    public IReadOnlyDictionary<string, OutcomeCounts> Floods()
    {
        var current = CurrentBucket;
        var floods = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (key, count) in _refusals)
        {
            var sum = count.Sum(current);
            var flooding = _floodingUntil.TryGetValue(key.Client, out var until) && until >= current;
            if (sum == 0 && !flooding)
            {
                // Out of the window: forget the address.
                _refusals.TryRemove(key, out _);
                continue;
            }

            if (!flooding || sum == 0)
                continue;

            var bySource = floods.TryGetValue(key.Source, out var found) ? found : floods[key.Source] = new Dictionary<string, long>(StringComparer.Ordinal);
            bySource[key.Outcome] = bySource.GetValueOrDefault(key.Outcome) + sum;
        }

        foreach (var (client, until) in _floodingUntil)
        {
            if (until < current)
                _floodingUntil.TryRemove(client, out _);
        }

        return floods.ToDictionary(f => f.Key, f => new OutcomeCounts(f.Value), StringComparer.Ordinal);
    }
}
