using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>
/// The optional per-source limits on correctly signed deliveries (<c>Sources:&lt;s&gt;:RateLimit</c>):
/// a token bucket per source that has one. Sources without one are never limited.
/// </summary>
internal sealed class SourceRateLimits : IDisposable
{
    // Refills at most ten times a second: a timer per millisecond would cost more than it guards.
    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, TokenBucketRateLimiter> _limiters = new(StringComparer.OrdinalIgnoreCase);

    public SourceRateLimits(IOptions<HookboxOptions> options)
    {
        foreach (var (name, source) in options.Value.Sources)
        {
            if (source.RateLimit is not { } limit)
                continue;

            var period = TimeSpan.FromSeconds(Math.Max(ShortestPeriod.TotalSeconds, 1 / limit.PermitsPerSecond));
            _limiters[name] = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = limit.Burst > 0 ? limit.Burst : (int)Math.Max(1, Math.Ceiling(limit.PermitsPerSecond)),
                TokensPerPeriod = (int)Math.Max(1, Math.Round(limit.PermitsPerSecond * period.TotalSeconds)),
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }
    }

    /// <summary>Takes a permit for one delivery to <paramref name="source"/>; false, with when to come back, when it has none left.</summary>
    public bool TryTake(string source, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiters.Count == 0 || !_limiters.TryGetValue(source, out var limiter))
            return true;

        using var lease = limiter.AttemptAcquire(1);
        if (lease.IsAcquired)
            return true;

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        return false;
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
            limiter.Dispose();
    }
}
