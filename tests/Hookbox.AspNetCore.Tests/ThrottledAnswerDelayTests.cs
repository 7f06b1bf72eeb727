using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Issue 11: a throttled request waits Limits:ThrottledAnswerDelay on the clock before its 429, so a flood gets one answer a second per connection.</summary>
public sealed class ThrottledAnswerDelayTests : HostedTest
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Limits:MaxRefusals"] = "1";
        settings["Hookbox:Limits:ThrottledAnswerDelay"] = "00:00:01";
        return settings;
    }

    protected override Task<HookboxTestHost> StartHostAsync() =>
        HookboxTestHost.StartAsync(Settings(), Token, services => services.AddSingleton<TimeProvider>(_time), logging => logging.AddFakeLogging());

    [Fact]
    public async Task Throttled_IsAnsweredOnlyOnceTheDelayHasPassedOnTheClock()
    {
        using (await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("forged"), secret: "whsec_wrong")))
        {
        }

        var line = Assert.Single(Host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "Throttling");
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("127.0.0.1", line.Message, StringComparison.Ordinal);

        var throttled = Client.SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("next"), secret: "whsec_wrong"), Token);

        // The clock moves only here: however soon the request reached the server, its answer
        // needs a whole second of it after that.
        var advanced = TimeSpan.Zero;
        await Poll.UntilAsync(() =>
        {
            if (throttled.IsCompleted)
                return true;

            _time.Advance(TimeSpan.FromMilliseconds(100));
            advanced += TimeSpan.FromMilliseconds(100);
            return false;
        }, "the throttled answer", Token);

        using var response = await throttled;
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(advanced >= TimeSpan.FromSeconds(1), $"answered after {advanced} on the clock");
    }
}
