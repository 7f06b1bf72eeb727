namespace Hookbox;

/// <summary>
/// A limit on a source's correctly signed deliveries, for those who want one: a token bucket
/// that refills <see cref="PermitsPerSecond"/> and holds at most <see cref="Burst"/>. A delivery
/// past it is answered 429 <c>rate_limited</c> with Retry-After, and the sender retries.
/// </summary>
public sealed class SourceRateLimitOptions
{
    /// <summary>Deliveries a second, on average. Required, more than zero.</summary>
    public double PermitsPerSecond { get; set; }

    /// <summary>The most deliveries taken at once after a quiet spell. Default 0: the larger of 1 and <see cref="PermitsPerSecond"/>, rounded up.</summary>
    public int Burst { get; set; }
}
