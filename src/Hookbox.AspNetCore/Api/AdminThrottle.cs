using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>
/// Counts failed admin authentications per client address in a fixed window
/// (<c>Hookbox:Admin:MaxFailedAttempts</c> per <c>FailedAttemptWindow</c>). An address that used
/// them all is refused until its window ends, even with the right token, so guessing costs a
/// window per few tries. Memory stays bounded: the limiter drops an address's partition once
/// its window has refilled and stayed idle, and IPv6 clients count per /64, the block one
/// subscriber usually holds, so rotating addresses within it buys nothing.
/// </summary>
internal sealed partial class AdminThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _failures;
    private readonly ILogger<AdminThrottle> _logger;

    public AdminThrottle(IOptions<HookboxOptions> options, ILogger<AdminThrottle> logger)
    {
        var admin = options.Value.Admin;
        _logger = logger;
        _failures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = admin.MaxFailedAttempts,
            Window = admin.FailedAttemptWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>How long <paramref name="client"/> must wait before trying again; null when it may try now.</summary>
    public TimeSpan? Blocked(IPAddress? client)
    {
        // Zero permits asks whether any are left without spending one.
        using var lease = _failures.AttemptAcquire(Key(client), 0);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    /// <summary>Counts a failed authentication of <paramref name="client"/>.</summary>
    public void RecordFailure(IPAddress? client)
    {
        var key = Key(client);
        using var lease = _failures.AttemptAcquire(key, 1);
        if (lease.IsAcquired && _failures.GetStatistics(key)?.CurrentAvailablePermits == 0)
            Log.Throttled(_logger, key.ToString());
    }

    public void Dispose() => _failures.Dispose();

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);

    private static IPAddress Key(IPAddress? client)
    {
        if (client is null)
            return IPAddress.None;

        if (client.IsIPv4MappedToIPv6)
            return client.MapToIPv4();

        if (client.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(client))
            return client;

        Span<byte> bytes = stackalloc byte[16];
        client.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Admin.Throttled, Level = LogLevel.Warning, Message = "Admin access from {Client} failed too often: it is answered 429 until its window ends")]
        public static partial void Throttled(ILogger logger, string client);
    }
}
