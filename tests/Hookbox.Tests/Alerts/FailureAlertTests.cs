namespace Hookbox.Tests.Alerts;

/// <summary>The failure rules: a route's failed attempts over the window, and a source's routes together.</summary>
public sealed class FailureAlertTests : AlertRuleTests
{
    [Fact]
    public async Task RouteFailures_OverTheThresholdWithMinEvents_FiresOnce()
    {
        Alerts.Attempts("billing", DeliveryOutcomeKind.Succeeded, 8);
        Alerts.Attempts("billing", DeliveryOutcomeKind.Retrying, 1);
        Alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 1);

        await Alerts.EvaluateAsync();
        await Alerts.EvaluateAsync();

        var alert = Assert.Single(Alerts.Board.Open);
        Assert.Equal(("route-failures:billing", AlertKinds.RouteFailures, "billing"), (alert.Key, alert.Kind, alert.Subject));
        Assert.Equal(AlertHarness.Start + Alerts.Options.EvaluateEvery, alert.Since);
        Assert.Equal(
            "Route billing: 20% of delivery attempts failed in the last 5 min (2 of 10), over the 10% threshold",
            alert.Message);
        Assert.Single(Alerts.AlertLines());
    }

    [Theory]
    [InlineData(0, 9, 0)] // fewer attempts than MinEvents
    [InlineData(9, 1, 0)] // exactly at the threshold
    [InlineData(0, 9, 10)] // nine dead and ten stopped by shutdown: released attempts are not attempts, so nine, below MinEvents
    public async Task RouteFailures_NotOverTheThresholdWithMinEvents_DoesNotFire(int succeeded, int dead, int released)
    {
        Alerts.Attempts("billing", DeliveryOutcomeKind.Succeeded, succeeded);
        Alerts.Attempts("billing", DeliveryOutcomeKind.Dead, dead);
        Alerts.Attempts("billing", DeliveryOutcomeKind.Released, released);

        await Alerts.EvaluateAsync();

        Assert.Empty(Alerts.Board.Open);
        Assert.Empty(Alerts.AlertLines());
    }

    [Fact]
    public async Task SourceFailures_OneOfTwoRoutesFailing_FiresForThatRouteAndItsSource()
    {
        Alerts.Attempts("orders", DeliveryOutcomeKind.Succeeded, 10);
        Alerts.Attempts("audit", DeliveryOutcomeKind.Succeeded, 5);
        Alerts.Attempts("audit", DeliveryOutcomeKind.Retrying, 5);

        await Alerts.EvaluateAsync();

        Assert.Equal(["route-failures:audit", "source-failures:pocketsflow"], Alerts.Board.Open.Select(a => a.Key));
        Assert.Equal(
            "Source pocketsflow: 25% of delivery attempts to its 2 routes failed in the last 5 min (5 of 20), over the 10% threshold",
            Alerts.Board.Open.Single(a => a.Kind == AlertKinds.SourceFailures).Message);
    }

    [Fact]
    public async Task SourceFailures_SourceWithOneRoute_LeavesItToTheRouteAlert()
    {
        Alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 10);

        await Alerts.EvaluateAsync();

        Assert.Equal(["route-failures:billing"], Alerts.Board.Open.Select(a => a.Key));
    }

    [Fact]
    public async Task SourceFailures_TwoRoutesEachBelowMinEvents_FireTogether()
    {
        // Neither route has the evidence alone; the source's two routes together do.
        Alerts.Attempts("orders", DeliveryOutcomeKind.Dead, 5);
        Alerts.Attempts("audit", DeliveryOutcomeKind.Dead, 5);

        await Alerts.EvaluateAsync();

        Assert.Equal(["source-failures:pocketsflow"], Alerts.Board.Open.Select(a => a.Key));
    }
}
