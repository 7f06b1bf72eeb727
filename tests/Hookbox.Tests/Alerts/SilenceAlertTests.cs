namespace Hookbox.Tests.Alerts;

/// <summary>
/// A source with ExpectEventsWithin raises silence:&lt;source&gt; once no webhook came for that
/// long while Hookbox was up, and the next webhook resolves it.
/// </summary>
public sealed class SilenceAlertTests : IAsyncLifetime
{
    private AlertHarness _alerts = null!; // set in InitializeAsync

    public async ValueTask InitializeAsync() =>
        _alerts = await AlertHarness.StartAsync(
            o => o.EvaluateEvery = TimeSpan.FromMinutes(1),
            o => o.Sources["pocketsflow"].ExpectEventsWithin = TimeSpan.FromHours(6));

    public async ValueTask DisposeAsync() => await _alerts.DisposeAsync();

    [Fact]
    public async Task NoWebhookSinceStartForLongerThanExpected_Fires()
    {
        await _alerts.EvaluateAsync(TimeSpan.FromHours(6)); // exactly six hours: not longer
        var atSixHours = _alerts.Board.Open;
        await _alerts.EvaluateAsync(); // six hours and a minute

        Assert.Empty(atSixHours);
        var alert = Assert.Single(_alerts.Board.Open);
        Assert.Equal("silence:pocketsflow", alert.Key);
        Assert.Equal(AlertKinds.Silence, alert.Kind);
        Assert.Equal("pocketsflow", alert.Subject);
        Assert.Contains("no webhook for 6 h 1 min (no webhook since Hookbox started at 2026-12-01 09:00:00Z)", alert.Message, StringComparison.Ordinal);
        Assert.Equal("Fired", Assert.Single(_alerts.AlertLines()).Id.Name);
    }

    [Fact]
    public async Task Webhooks_KeepItQuiet_AndTheNextOneResolvesIt()
    {
        await _alerts.EvaluateAsync(TimeSpan.FromHours(5));
        _alerts.Requests("pocketsflow", HookboxMetrics.Outcomes.Accepted, 1); // at 5:00
        await _alerts.EvaluateAsync(TimeSpan.FromHours(5)); // 10:00: five hours after it
        var quiet = _alerts.Board.Open;
        await _alerts.EvaluateAsync(TimeSpan.FromHours(2)); // 12:00: seven hours after it
        var silent = _alerts.Board.Open;

        _alerts.Requests("pocketsflow", HookboxMetrics.Outcomes.Duplicate, 1); // a duplicate is the sender delivering too
        await _alerts.EvaluateAsync();

        Assert.Empty(quiet);
        Assert.Contains("the last webhook came at 2026-12-01 14:00:00Z", Assert.Single(silent).Message, StringComparison.Ordinal);
        Assert.Empty(_alerts.Board.Open);
        Assert.Equal(["Fired", "Resolved"], _alerts.AlertLines().Select(r => r.Id.Name));
    }

    [Fact]
    public async Task RefusedRequests_AreNotWebhooksThatArrived()
    {
        _alerts.Requests("pocketsflow", ErrorCodes.InvalidSignature, 3);
        await _alerts.EvaluateAsync(TimeSpan.FromHours(6) + TimeSpan.FromMinutes(1));

        Assert.Contains(_alerts.Board.Open, a => a.Key == "silence:pocketsflow");
    }

    [Fact]
    public async Task SourceWithoutExpectEventsWithin_NeverFires()
    {
        await _alerts.EvaluateAsync(TimeSpan.FromDays(3));

        Assert.DoesNotContain(_alerts.Board.Open, a => a.Key == "silence:stripe");
    }
}
