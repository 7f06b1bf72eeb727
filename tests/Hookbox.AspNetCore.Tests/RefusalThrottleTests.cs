using System.Net;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore.Tests;

/// <summary>The refusal count per address on its own, with a window short enough to see it refill on the real clock.</summary>
public sealed class RefusalThrottleTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddressPastItsRefusals_IsThrottledUntilItsWindowRefills_WhileAnotherIsNot()
    {
        var window = TimeSpan.FromMilliseconds(300);
        var options = new HookboxOptions { Limits = new LimitsOptions { MaxRefusals = 2, RefusalWindow = window } };
        using var throttle = new RefusalThrottle(Options.Create(options));
        var address = IPAddress.Parse("192.0.2.7");

        var usedUpFirst = throttle.Refused(address);
        var usedUpSecond = throttle.Refused(address);
        var throttled = throttle.IsThrottled(address, out var retryAfter);
        var other = throttle.IsThrottled(IPAddress.Parse("192.0.2.8"), out _);

        // The partitioned limiter's timer refills the window: nothing else does.
        await Poll.UntilAsync(() => !throttle.IsThrottled(address, out _), "the address's window to refill", Token);

        Assert.False(usedUpFirst);
        Assert.True(usedUpSecond);
        Assert.True(throttled);
        Assert.InRange(retryAfter, TimeSpan.FromTicks(1), window);
        Assert.False(other);
    }
}
