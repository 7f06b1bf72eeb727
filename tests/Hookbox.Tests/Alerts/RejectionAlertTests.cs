namespace Hookbox.Tests.Alerts;

/// <summary>The rejection rule: a source's requests refused for what the sender sent, a bad signature above all.</summary>
public sealed class RejectionAlertTests : IAsyncLifetime
{
    private AlertHarness _alerts = null!; // set in InitializeAsync

    public async ValueTask InitializeAsync() => _alerts = await AlertHarness.StartAsync();

    public ValueTask DisposeAsync() => _alerts.DisposeAsync();

    [Fact]
    public async Task Rejections_SpikeOfBadSignatures_FiresWithTheReasons()
    {
        _alerts.Requests("pocketsflow", "accepted", 6);
        _alerts.Requests("pocketsflow", "duplicate", 2);
        _alerts.Requests("pocketsflow", ErrorCodes.InvalidSignature, 10);
        _alerts.Requests("pocketsflow", ErrorCodes.InvalidJson, 2);

        await _alerts.EvaluateAsync();

        var alert = Assert.Single(_alerts.Board.Open);
        Assert.Equal(("rejections:pocketsflow", AlertKinds.Rejections, "pocketsflow"), (alert.Key, alert.Kind, alert.Subject));
        Assert.Equal(
            "Source pocketsflow: 60% of requests were refused in the last 5 min (12 of 20: invalid_signature 10, invalid_json 2), over the 10% threshold",
            alert.Message);
    }

    [Fact]
    public async Task Rejections_DeliveriesOverTheSourcesRateLimit_DoNotFire()
    {
        _alerts.Requests("pocketsflow", "accepted", 5);
        _alerts.Requests("pocketsflow", ErrorCodes.RateLimited, 50);

        await _alerts.EvaluateAsync();

        Assert.Empty(_alerts.Board.Open);
    }

    [Fact]
    public async Task Rejections_FewerRefusalsThanMinEvents_DoesNotFire()
    {
        // Every request refused, but nine refusals are not yet a spike.
        _alerts.Requests("stripe", ErrorCodes.InvalidSignature, 5);
        _alerts.Requests("stripe", ErrorCodes.MissingSignature, 4);

        await _alerts.EvaluateAsync();

        Assert.Empty(_alerts.Board.Open);
    }

    [Fact]
    public async Task Rejections_SmallShareOfManyRequests_DoesNotFire()
    {
        _alerts.Requests("pocketsflow", "accepted", 190);
        _alerts.Requests("pocketsflow", ErrorCodes.InvalidSignature, 10);

        await _alerts.EvaluateAsync();

        Assert.Empty(_alerts.Board.Open);
    }

    [Fact]
    public async Task Rejections_HookboxsOwnFaultsAndRequestsThatAreNotPosts_AreNotRefusals()
    {
        _alerts.Requests("pocketsflow", ErrorCodes.StoreUnavailable, 20);
        _alerts.Requests("pocketsflow", ErrorCodes.InternalError, 20);
        _alerts.Requests("pocketsflow", ErrorCodes.MethodNotAllowed, 20);

        await _alerts.EvaluateAsync();

        Assert.Empty(_alerts.Board.Open);
    }
}
