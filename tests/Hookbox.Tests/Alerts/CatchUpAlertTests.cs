namespace Hookbox.Tests.Alerts;

/// <summary>
/// A look that recovers events raises gaps:&lt;source&gt; until a later look finds none missing;
/// a failed look raises catch-up:&lt;source&gt; until a later one completes.
/// </summary>
public sealed class CatchUpAlertTests : AlertRuleTests
{
    private CatchUpRun Run(int recovered, string? error = null)
    {
        var now = Alerts.Time.GetUtcNow();
        return new CatchUpRun("stripe", now, now, now.AddHours(-2), now.AddMinutes(-1), 10, 10 - recovered, recovered, 0, error, "schedule");
    }

    [Fact]
    public async Task LookThatRecoveredEvents_RaisesGaps_UntilALookFindsNoneMissing()
    {
        var first = new DateTimeOffset(2026, 12, 1, 7, 12, 0, TimeSpan.Zero);
        Alerts.CatchUp.Finished(Run(recovered: 3), new CatchUpGap(3, first, first.AddMinutes(20)));
        await Alerts.EvaluateAsync();
        var open = Alerts.Board.Open;

        Alerts.CatchUp.Finished(Run(recovered: 0), null);
        await Alerts.EvaluateAsync();

        var alert = Assert.Single(open);
        Assert.Equal("gaps:stripe", alert.Key);
        Assert.Equal(AlertKinds.Gaps, alert.Kind);
        Assert.Equal(
            "Source stripe: 3 events between 2026-12-01 07:12:00Z and 2026-12-01 07:32:00Z never arrived by webhook (catch-up recovered them); check the endpoint URL and the sender's delivery logs",
            alert.Message);
        Assert.Empty(Alerts.Board.Open);
        Assert.Equal(["Fired", "Resolved"], Alerts.AlertLines().Select(r => r.Id.Name));
    }

    [Fact]
    public async Task FailedLook_RaisesCatchUp_KeepsTheGapsItKnew_AndACompletedLookResolvesIt()
    {
        Alerts.CatchUp.Finished(Run(recovered: 0, error: "the API refused the key (401)"), null);
        await Alerts.EvaluateAsync();
        var failed = Alerts.Board.Open;

        Alerts.CatchUp.Finished(Run(recovered: 0), null);
        await Alerts.EvaluateAsync();

        var alert = Assert.Single(failed);
        Assert.Equal("catch-up:stripe", alert.Key);
        Assert.Contains("catch-up failed at 2026-12-01 09:00:00Z: the API refused the key (401)", alert.Message, StringComparison.Ordinal);
        Assert.Empty(Alerts.Board.Open);
    }

    [Fact]
    public async Task FailedLookAfterOneThatRecovered_LeavesTheGapsAlertOpen()
    {
        var at = Alerts.Time.GetUtcNow();
        Alerts.CatchUp.Finished(Run(recovered: 2), new CatchUpGap(2, at.AddHours(-1), at.AddMinutes(-30)));
        await Alerts.EvaluateAsync();
        Alerts.CatchUp.Finished(Run(recovered: 0, error: "the API answered 500"), null);
        await Alerts.EvaluateAsync();

        Assert.Equal(["catch-up:stripe", "gaps:stripe"], Alerts.Board.Open.Select(a => a.Key).Order(StringComparer.Ordinal));
    }
}
