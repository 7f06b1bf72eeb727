using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Issue 11: refusal lines are sampled, at most Limits:RefusalLogLinesPerMinute per source a
/// minute, and the next line after the minute says how many were left out.
/// </summary>
public sealed class RefusalLogSamplingTests : HostedTest
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private FakeLogCollector Logs => Host.Services.GetFakeLogCollector();

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Limits:RefusalLogLinesPerMinute"] = "2";
        settings["Hookbox:Limits:MaxRefusals"] = "0";
        settings["Hookbox:Sources:stripe:Secrets:0"] = "whsec_stripe_test_0123456789";
        return settings;
    }

    protected override Task<HookboxTestHost> StartHostAsync() =>
        HookboxTestHost.StartAsync(
            Settings(),
            Token,
            services => services.AddSingleton<TimeProvider>(_time),
            logging => logging.AddFakeLogging());

    private int Lines(string name, string source) =>
        Logs.GetSnapshot().Count(r => r.Id.Name == name && r.StructuredState!.Any(p => p.Key == "Source" && (string?)p.Value == source));

    private async Task RefuseAsync(int count, string source = "pocketsflow")
    {
        for (var i = 0; i < count; i++)
        {
            using (await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body($"forged-{i}"), secret: "whsec_wrong", source: source)))
            {
            }
        }
    }

    [Fact]
    public async Task Refusals_PastTheLinesPerMinute_AreLeftOutAndCountedInTheNextLine()
    {
        await RefuseAsync(50);
        await RefuseAsync(1, "stripe");

        Assert.Equal(2, Lines("Rejected", "pocketsflow"));
        Assert.Equal(1, Lines("Rejected", "stripe"));
        Assert.Equal(0, Lines("RejectionsLeftOut", "pocketsflow"));

        _time.Advance(TimeSpan.FromMinutes(1));
        await RefuseAsync(1);

        var leftOut = Assert.Single(Logs.GetSnapshot(), r => r.Id.Name == "RejectionsLeftOut");
        Assert.Equal(LogLevel.Warning, leftOut.Level);
        Assert.Contains(leftOut.StructuredState!, p => p.Key == "Count" && p.Value == "48");
        Assert.Equal(3, Lines("Rejected", "pocketsflow"));
    }
}
