using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Issue 11: a bad abuse-limit setting stops start-up with a message naming its key.</summary>
public sealed class LimitSettingsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("Hookbox:Limits:MaxConcurrentConnections", "0", "Hookbox:Limits:MaxConcurrentConnections must be 1 or more")]
    [InlineData("Hookbox:Limits:MaxRequestHeadersTotalSize", "100", "Hookbox:Limits:MaxRequestHeadersTotalSize must be between 1024 and 1048576")]
    [InlineData("Hookbox:Limits:RequestHeadersTimeout", "00:00:00", "Hookbox:Limits:RequestHeadersTimeout must be between 00:00:01 and 00:10:00")]
    [InlineData("Hookbox:Limits:MinRequestBodyBytesPerSecond", "-1", "Hookbox:Limits:MinRequestBodyBytesPerSecond must be 0 (no check) or more")]
    [InlineData("Hookbox:Limits:MinRequestBodyGracePeriod", "00:00:01", "Hookbox:Limits:MinRequestBodyGracePeriod must be more than 00:00:01")]
    [InlineData("Hookbox:Limits:MaxRefusals", "-1", "Hookbox:Limits:MaxRefusals must be 0 (no throttle) or more")]
    [InlineData("Hookbox:Limits:RefusalWindow", "00:00:00", "Hookbox:Limits:RefusalWindow must be between 00:00:01 and 01:00:00")]
    [InlineData("Hookbox:Limits:ThrottledAnswerDelay", "00:01:00", "Hookbox:Limits:ThrottledAnswerDelay must be between 00:00:00 and 00:00:30")]
    [InlineData("Hookbox:Limits:RefusalLogLinesPerMinute", "-1", "Hookbox:Limits:RefusalLogLinesPerMinute must be 0 (none) or more")]
    [InlineData("Hookbox:Ingest:MaxQueuedBytes", "1000", "Hookbox:Ingest:MaxQueuedBytes must be at least the largest source MaxBodyBytes (1048576)")]
    [InlineData("Hookbox:Ingest:RejectionLogPerSource", "0", "Hookbox:Ingest:RejectionLogPerSource must be 1 or more")]
    [InlineData("Hookbox:Ingest:RejectionLogMaxBytes", "1000", "Hookbox:Ingest:RejectionLogMaxBytes must be at least 65536")]
    [InlineData("Hookbox:Ingest:RejectionHeaderBytes", "10", "Hookbox:Ingest:RejectionHeaderBytes must be between 256 and 1048576")]
    [InlineData("Hookbox:Sources:pocketsflow:RateLimit:PermitsPerSecond", "0", "Hookbox:Sources:pocketsflow:RateLimit:PermitsPerSecond must be more than 0")]
    [InlineData("Hookbox:Limits:MaxRefusal", "5", "Hookbox:Limits:MaxRefusal is not a Hookbox setting")]
    public async Task Start_BadLimitSetting_FailsNamingTheKey(string key, string value, string expected)
    {
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HookboxTestHost.StartAsync(settings, Token));

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }
}
