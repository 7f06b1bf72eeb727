using System.Text.Json;

namespace Hookbox.Tests.Alerts;

/// <summary>An alert is sent when it fires, again after each cooldown while it lasts, and once when it resolves.</summary>
public sealed class AlertLifecycleTests : IAsyncLifetime
{
    private DestinationServer _chat = null!; // set in InitializeAsync
    private AlertHarness _alerts = null!; // set in InitializeAsync

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _chat = await DestinationServer.StartAsync(_ => 200, Token);
        _alerts = await AlertHarness.StartAsync(o =>
        {
            o.Cooldown = TimeSpan.FromMinutes(1);
            o.WebhookUrl = _chat.Url.ToString();
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _alerts.DisposeAsync();
        await _chat.DisposeAsync();
    }

    private List<string> Sent() => [.. _chat.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("text").GetString()!)];

    [Fact]
    public async Task OpenAlert_BeforeTheCooldown_IsNotSentAgainAndAfterItOnceMore()
    {
        _alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 10);
        await _alerts.EvaluateAsync(); // fires at 0:15

        await _alerts.RunForAsync(TimeSpan.FromSeconds(45)); // 0:30, 0:45, 1:00: under a minute since it was sent
        var beforeCooldown = Sent();
        await _alerts.EvaluateAsync(); // 1:15: a minute since
        await _alerts.EvaluateAsync(); // 1:30
        var sent = Sent();

        Assert.Single(beforeCooldown);
        Assert.Equal(2, sent.Count);
        Assert.StartsWith("[Hookbox] Alert: Route billing: 100% of delivery attempts failed", sent[0], StringComparison.Ordinal);
        Assert.StartsWith("[Hookbox] Still open since 2026-12-01 09:00:15Z: Route billing: 100%", sent[1], StringComparison.Ordinal);
        Assert.Equal(["Fired", "Repeated"], _alerts.AlertLines().Select(r => r.Id.Name));
    }

    [Fact]
    public async Task OpenAlert_RateBackUnderTheThreshold_ResolvesOnce()
    {
        _alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 2);
        _alerts.Attempts("billing", DeliveryOutcomeKind.Succeeded, 8);
        await _alerts.EvaluateAsync();
        var whileOpen = _alerts.Board.Open;

        _alerts.Attempts("billing", DeliveryOutcomeKind.Succeeded, 90); // 2 of 100
        await _alerts.EvaluateAsync();
        await _alerts.EvaluateAsync();
        var sent = Sent();

        Assert.Single(whileOpen);
        Assert.Empty(_alerts.Board.Open);
        Assert.Equal(2, sent.Count);
        Assert.Equal(
            "[Hookbox] Resolved after 15 s: Route billing: 2% of delivery attempts failed in the last 5 min (2 of 100), at or below the 10% threshold",
            sent[1]);
        Assert.Equal(["Fired", "Resolved"], _alerts.AlertLines().Select(r => r.Id.Name));
    }

    [Fact]
    public async Task OpenAlert_StillFailingOnFewerAttempts_StaysOpenUntilTheWindowIsClear()
    {
        _alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 10);
        await _alerts.EvaluateAsync(); // fires at 0:15
        await _alerts.RunForAsync(TimeSpan.FromMinutes(4)); // 4:15
        _alerts.Attempts("billing", DeliveryOutcomeKind.Retrying, 1); // a backed-off retry, failing again

        await _alerts.RunForAsync(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(15)); // 5:30: the ten have left the window
        var afterTheTen = _alerts.Board.Open.Select(a => a.Message).ToList();
        await _alerts.RunForAsync(TimeSpan.FromMinutes(5)); // 10:30: the retry has left it too

        Assert.Equal(["Route billing: 100% of delivery attempts failed in the last 5 min (1 of 1), over the 10% threshold"], afterTheTen);
        Assert.Empty(_alerts.Board.Open);
        var lines = _alerts.AlertLines().Select(r => r.Id.Name).ToList();
        Assert.Equal("Fired", lines[0]);
        Assert.All(lines[1..^1], name => Assert.Equal("Repeated", name)); // each cooldown while it lasted
        Assert.Equal("Resolved", lines[^1]);
        Assert.EndsWith("Route billing: no delivery attempts in the last 5 min", Sent()[^1], StringComparison.Ordinal);
    }
}
