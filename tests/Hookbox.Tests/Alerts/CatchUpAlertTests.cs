namespace Hookbox.Tests.Alerts;

/// <summary>
/// A look that recovers events raises gaps:&lt;source&gt; until a later look finds none missing;
/// a failed look raises catch-up:&lt;source&gt; until a later one completes.
/// </summary>
public sealed class CatchUpAlertTests : IAsyncLifetime
{
    private AlertHarness _alerts = null!; // set in InitializeAsync

    public async ValueTask InitializeAsync() => _alerts = await AlertHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _alerts.DisposeAsync();

    private CatchUpRun Run(int recovered, string? error = null)
    {
        var now = _alerts.Time.GetUtcNow();
        return new CatchUpRun("stripe", now, now, now.AddHours(-2), now.AddMinutes(-1), 10, 10 - recovered, recovered, 0, error, "schedule");
    }

    [Fact]
    public async Task LookThatRecoveredEvents_RaisesGaps_UntilALookFindsNoneMissing()
    {
        var first = new DateTimeOffset(2026, 12, 1, 7, 12, 0, TimeSpan.Zero);
        _alerts.CatchUp.Finished(Run(recovered: 3), new CatchUpGap(3, first, first.AddMinutes(20)));
        await _alerts.EvaluateAsync();
        var open = _alerts.Board.Open;

        _alerts.CatchUp.Finished(Run(recovered: 0), null);
        await _alerts.EvaluateAsync();

        var alert = Assert.Single(open);
        Assert.Equal("gaps:stripe", alert.Key);
        Assert.Equal(AlertKinds.Gaps, alert.Kind);
        Assert.Equal(
            "Source stripe: 3 events between 2026-12-01 07:12:00Z and 2026-12-01 07:32:00Z never arrived by webhook (catch-up recovered them); check the endpoint URL and the sender's delivery logs",
            alert.Message);
        Assert.Empty(_alerts.Board.Open);
        Assert.Equal(["Fired", "Resolved"], _alerts.AlertLines().Select(r => r.Id.Name));
    }

    [Fact]
    public async Task FailedLook_RaisesCatchUp_KeepsTheGapsItKnew_AndACompletedLookResolvesIt()
    {
        _alerts.CatchUp.Finished(Run(recovered: 0, error: "the API refused the key (401)"), null);
        await _alerts.EvaluateAsync();
        var failed = _alerts.Board.Open;

        _alerts.CatchUp.Finished(Run(recovered: 0), null);
        await _alerts.EvaluateAsync();

        var alert = Assert.Single(failed);
        Assert.Equal("catch-up:stripe", alert.Key);
        Assert.Contains("catch-up failed at 2026-12-01 09:00:00Z: the API refused the key (401)", alert.Message, StringComparison.Ordinal);
        Assert.Empty(_alerts.Board.Open);
    }

    [Fact]
    public async Task FailedLookAfterOneThatRecovered_LeavesTheGapsAlertOpen()
    {
        var at = _alerts.Time.GetUtcNow();
        _alerts.CatchUp.Finished(Run(recovered: 2), new CatchUpGap(2, at.AddHours(-1), at.AddMinutes(-30)));
        await _alerts.EvaluateAsync();
        _alerts.CatchUp.Finished(Run(recovered: 0, error: "the API answered 500"), null);
        await _alerts.EvaluateAsync();

        Assert.Equal(["catch-up:stripe", "gaps:stripe"], _alerts.Board.Open.Select(a => a.Key).Order(StringComparer.Ordinal));
    }
}
