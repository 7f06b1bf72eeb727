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
    public async Task Rejections_FromAnAddressTheThrottleCaughtFlooding_DoNotFire()
    {
        // Issue 11: a flood of bad signatures from one address is throttled; on its own it must not page anyone.
        _alerts.Requests("pocketsflow", "accepted", 5);
        _alerts.Refusals("203.0.113.9", "pocketsflow", ErrorCodes.InvalidSignature, 120);
        _alerts.Floods.Flooding("203.0.113.9");

        await _alerts.EvaluateAsync();

        Assert.Empty(_alerts.Board.Open);
    }

    [Fact]
    public async Task Rejections_RealSenderRefusedBesideAFlood_StillFireWithTheRealCountOnly()
    {
        _alerts.Requests("pocketsflow", "accepted", 5);
        _alerts.Refusals("203.0.113.9", "pocketsflow", ErrorCodes.InvalidSignature, 120);
        _alerts.Floods.Flooding("203.0.113.9");
        _alerts.Refusals("198.51.100.7", "pocketsflow", ErrorCodes.InvalidSignature, 12);

        await _alerts.EvaluateAsync();

        var alert = Assert.Single(_alerts.Board.Open);
        Assert.Contains("(12 of 17: invalid_signature 12)", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejections_FloodOutOfTheWindow_IsForgotten()
    {
        _alerts.Refusals("203.0.113.9", "pocketsflow", ErrorCodes.InvalidSignature, 120);
        _alerts.Floods.Flooding("203.0.113.9");
        await _alerts.EvaluateAsync(_alerts.Options.Window + TimeSpan.FromMinutes(1));

        // The same address, no longer flooding, refused at a real sender's rate: it counts.
        _alerts.Refusals("203.0.113.9", "pocketsflow", ErrorCodes.InvalidSignature, 12);
        await _alerts.EvaluateAsync();

        Assert.Single(_alerts.Board.Open);
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
