using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>
/// Counts refusals by client address, so an address that keeps sending what Hookbox refuses is
/// answered 429 before its next body is read (<c>Limits:MaxRefusals</c> in <c>Limits:RefusalWindow</c>).
/// </summary>
/// <remarks>
/// A fixed window per address from System.Threading.RateLimiting, whose permits are spent by
/// refusals only: ASP.NET Core's rate-limiting middleware spends one on every request, and a
/// correctly signed delivery must cost nothing. An IPv6 address counts by its /64, which one
/// client holds whole; an address whose window has refilled is dropped about 10 seconds later,
/// so memory follows the addresses refused in the last window, not every address ever seen.
/// </remarks>
internal sealed class RefusalThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? _limiter;
    private readonly TimeSpan _window;

    public RefusalThrottle(IOptions<HookboxOptions> options)
    {
        var limits = options.Value.Limits;
        _window = limits.RefusalWindow;
        if (limits.MaxRefusals == 0)
            return;

        var partition = new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.MaxRefusals,
            Window = limits.RefusalWindow,
            QueueLimit = 0,

            // The partitioned limiter's one timer refills every address's window, as it does for
            // the partitions RateLimitPartition.GetFixedWindowLimiter makes: no timer per address.
            AutoReplenishment = false,
        };
        // The partition's factory made once: the limiter asks for the partition on every request,
        // and RateLimitPartition.GetFixedWindowLimiter would allocate two delegates each time.
        Func<IPAddress, RateLimiter> window = _ => new FixedWindowRateLimiter(partition);
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => new RateLimitPartition<IPAddress>(KeyOf(address), window));
    }

    /// <summary>Whether <paramref name="address"/> has used up its refusals, without spending any; if so, when to come back.</summary>
    public bool IsThrottled(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiter is null || address is null)
            return false;

        // Zero permits asks the state: acquired while any are left.
        using var lease = _limiter.AttemptAcquire(address, 0);
        if (lease.IsAcquired)
            return false;

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _window;
        return true;
    }

    /// <summary>Counts a refusal to <paramref name="address"/>; true when it used the last one, so the address is throttled from now on.</summary>
    public bool Refused(IPAddress? address)
    {
        if (_limiter is null || address is null)
            return false;

        // Not acquired only when requests already under way finish after the last permit went.
        using var lease = _limiter.AttemptAcquire(address, 1);
        return !lease.IsAcquired || _limiter.GetStatistics(address)?.CurrentAvailablePermits == 0;
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>The address a client is counted under: IPv4 as is (also when mapped to IPv6), IPv6 by its /64.</summary>
    internal static IPAddress KeyOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4();

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address;

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
