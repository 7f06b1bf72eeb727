namespace Hookbox.Tests.Alerts;

/// <summary>The rejection rule: a source's requests refused for what the sender sent, a bad signature above all.</summary>
public sealed class RejectionAlertTests : AlertRuleTests
{
    [Fact]
    public async Task Rejections_SpikeOfBadSignatures_FiresWithTheReasons()
    {
        Alerts.Requests("pocketsflow", "accepted", 6);
        Alerts.Requests("pocketsflow", "duplicate", 2);
        Alerts.Requests("pocketsflow", ErrorCodes.InvalidSignature, 10);
        Alerts.Requests("pocketsflow", ErrorCodes.InvalidJson, 2);

        await Alerts.EvaluateAsync();

        var alert = Assert.Single(Alerts.Board.Open);
        Assert.Equal(("rejections:pocketsflow", AlertKinds.Rejections, "pocketsflow"), (alert.Key, alert.Kind, alert.Subject));
        Assert.Equal(
            "Source pocketsflow: 60% of requests were refused in the last 5 min (12 of 20: invalid_signature 10, invalid_json 2), over the 10% threshold",
            alert.Message);
    }

    [Theory]
    // Deliveries over the source's rate limit are not the sender's fault.
    [InlineData("pocketsflow", new[] { "accepted", ErrorCodes.RateLimited }, new[] { 5, 50 })]
    // Every request refused, but nine refusals are not yet a spike.
    [InlineData("stripe", new[] { ErrorCodes.InvalidSignature, ErrorCodes.MissingSignature }, new[] { 5, 4 })]
    // A small share of many requests.
    [InlineData("pocketsflow", new[] { "accepted", ErrorCodes.InvalidSignature }, new[] { 190, 10 })]
    // Hookbox's own faults, and requests that are not POSTs, are not refusals.
    [InlineData("pocketsflow", new[] { ErrorCodes.StoreUnavailable, ErrorCodes.InternalError, ErrorCodes.MethodNotAllowed }, new[] { 20, 20, 20 })]
    public async Task Rejections_NoSpikeOfRefusedSenderRequests_DoesNotFire(string source, string[] outcomes, int[] counts)
    {
        foreach (var (outcome, count) in outcomes.Zip(counts))
            Alerts.Requests(source, outcome, count);

        await Alerts.EvaluateAsync();

        Assert.Empty(Alerts.Board.Open);
    }

    [Fact]
    public async Task Rejections_FromAnAddressTheThrottleCaughtFlooding_DoNotFire()
    {
        // Issue 11: a flood of bad signatures from one address is throttled; on its own it must not page anyone.
        Alerts.Requests("pocketsflow", "accepted", 5);
        Alerts.Refusals("203.0.113.9", "pocketsflow", ErrorCodes.InvalidSignature, 120);
        Alerts.Floods.Flooding("203.0.113.9");

        await Alerts.EvaluateAsync();

        Assert.Empty(Alerts.Board.Open);
    }

    [Fact]
    public async Task Rejections_RealSenderRefusedBesideAFlood_StillFireWithTheRealCountOnly()
    {
        Alerts.Requests("pocketsflow", "accepted", 5);
        Alerts.Refusals("203.0.113.9", "pocketsflow", ErrorCodes.InvalidSignature, 120);
        Alerts.Floods.Flooding("203.0.113.9");
        Alerts.Refusals("198.51.100.7", "pocketsflow", ErrorCodes.InvalidSignature, 12);

        await Alerts.EvaluateAsync();

        var alert = Assert.Single(Alerts.Board.Open);
        Assert.Contains("(12 of 17: invalid_signature 12)", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejections_FloodOutOfTheWindow_IsForgotten()
    {
        Alerts.Refusals("203.0.113.9", "pocketsflow", ErrorCodes.InvalidSignature, 120);
        Alerts.Floods.Flooding("203.0.113.9");
        await Alerts.EvaluateAsync(Alerts.Options.Window + TimeSpan.FromMinutes(1));

        // The same address, no longer flooding, refused at a real sender's rate: it counts.
        Alerts.Refusals("203.0.113.9", "pocketsflow", ErrorCodes.InvalidSignature, 12);
        await Alerts.EvaluateAsync();

        Assert.Single(Alerts.Board.Open);
    }
}
