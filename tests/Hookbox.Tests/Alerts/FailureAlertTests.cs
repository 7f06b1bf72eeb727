namespace Hookbox.Tests.Alerts;

/// <summary>The failure rules: a route's failed attempts over the window, and a source's routes together.</summary>
public sealed class FailureAlertTests : IAsyncLifetime
{
    private AlertHarness _alerts = null!; // set in InitializeAsync

    public async ValueTask InitializeAsync() => _alerts = await AlertHarness.StartAsync();

    public ValueTask DisposeAsync() => _alerts.DisposeAsync();

    [Fact]
    public async Task RouteFailures_OverTheThresholdWithMinEvents_FiresOnce()
    {
        _alerts.Attempts("billing", DeliveryOutcomeKind.Succeeded, 8);
        _alerts.Attempts("billing", DeliveryOutcomeKind.Retrying, 1);
        _alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 1);

        await _alerts.EvaluateAsync();
        await _alerts.EvaluateAsync();

        var alert = Assert.Single(_alerts.Board.Open);
        Assert.Equal(("route-failures:billing", AlertKinds.RouteFailures, "billing"), (alert.Key, alert.Kind, alert.Subject));
        Assert.Equal(AlertHarness.Start + _alerts.Options.EvaluateEvery, alert.Since);
        Assert.Equal(
            "Route billing: 20% of delivery attempts failed in the last 5 min (2 of 10), over the 10% threshold",
            alert.Message);
        Assert.Single(_alerts.AlertLines());
    }

    [Fact]
    public async Task RouteFailures_FewerAttemptsThanMinEvents_DoesNotFire()
    {
        _alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 9);

        await _alerts.EvaluateAsync();

        Assert.Empty(_alerts.Board.Open);
        Assert.Empty(_alerts.AlertLines());
    }

    [Fact]
    public async Task RouteFailures_ExactlyAtTheThreshold_DoesNotFire()
    {
        _alerts.Attempts("billing", DeliveryOutcomeKind.Succeeded, 9);
        _alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 1);

        await _alerts.EvaluateAsync();

        Assert.Empty(_alerts.Board.Open);
    }

    [Fact]
    public async Task RouteFailures_ReleasedAttempts_AreNotAttempts()
    {
        // Nine dead and ten stopped by shutdown: nine attempts, below MinEvents.
        _alerts.Attempts("billing", DeliveryOutcomeKind.Released, 10);
        _alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 9);

        await _alerts.EvaluateAsync();

        Assert.Empty(_alerts.Board.Open);
    }

    [Fact]
    public async Task SourceFailures_OneOfTwoRoutesFailing_FiresForThatRouteAndItsSource()
    {
        _alerts.Attempts("orders", DeliveryOutcomeKind.Succeeded, 10);
        _alerts.Attempts("audit", DeliveryOutcomeKind.Succeeded, 5);
        _alerts.Attempts("audit", DeliveryOutcomeKind.Retrying, 5);

        await _alerts.EvaluateAsync();

        Assert.Equal(["route-failures:audit", "source-failures:pocketsflow"], _alerts.Board.Open.Select(a => a.Key));
        Assert.Equal(
            "Source pocketsflow: 25% of delivery attempts to its 2 routes failed in the last 5 min (5 of 20), over the 10% threshold",
            _alerts.Board.Open.Single(a => a.Kind == AlertKinds.SourceFailures).Message);
    }

    [Fact]
    public async Task SourceFailures_SourceWithOneRoute_LeavesItToTheRouteAlert()
    {
        _alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 10);

        await _alerts.EvaluateAsync();

        Assert.Equal(["route-failures:billing"], _alerts.Board.Open.Select(a => a.Key));
    }

    [Fact]
    public async Task SourceFailures_TwoRoutesEachBelowMinEvents_FireTogether()
    {
        // Neither route has the evidence alone; the source's two routes together do.
        _alerts.Attempts("orders", DeliveryOutcomeKind.Dead, 5);
        _alerts.Attempts("audit", DeliveryOutcomeKind.Dead, 5);

        await _alerts.EvaluateAsync();

        Assert.Equal(["source-failures:pocketsflow"], _alerts.Board.Open.Select(a => a.Key));
    }
}
