using System.Text.Json.Nodes;
using static Hookbox.Tests.CatchUp.CatchUpTesting;

namespace Hookbox.Tests.CatchUp;

public sealed class GitHubCatchUpSenderTests()
    : CatchUpSenderContract<FakeGitHubApi>(SchemeNames.GitHub, $"/{FakeGitHubApi.DefaultHook}/deliveries", "GitHub delivery 1 of the page has no guid")
{
    protected override Task<FakeGitHubApi> StartApiAsync(CancellationToken cancellationToken) =>
        FakeGitHubApi.StartAsync(cancellationToken: cancellationToken);

    protected override void Configure(CatchUpOptions options) => options.Hook = Api.Hook;

    protected override IReadOnlyList<string> AddListed(int count)
    {
        for (var i = 0; i < count; i++)
            Api.AddDelivery(Guid(i), "push", Now.AddMinutes(-1 - i));
        return [.. Enumerable.Range(0, count).Select(Guid)];
    }

    private static string Guid(int i) => $"00000000-0000-4000-8000-{i:D12}";

    [Fact]
    public async Task ListAsync_250Deliveries_FollowsTheLinkHeaderWithGitHubsHeaders()
    {
        for (var i = 0; i < 250; i++)
            Api.AddDelivery(Guid(i), "push", Now.AddMinutes(-1 - i));

        var look = await ReadLastDayAsync();

        Assert.Equal(3, look.Pages.Count);
        Assert.Empty(look.Malformed);
        Assert.Equal(Enumerable.Range(0, 250).Select(Guid), look.Items.Select(i => i.EventId));
        var item = look.Items[0];
        Assert.Equal("push", item.EventType);
        Assert.Equal(Now.AddMinutes(-1), item.OccurredAt);
        Assert.True(item.Payload.IsEmpty);
        Assert.NotNull(item.Detail);

        var requests = Api.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal($"/{Api.Hook}/deliveries?per_page=100", requests[0].PathAndQuery);
        Assert.StartsWith("v1_", requests[1].Query["cursor"], StringComparison.Ordinal);
        Assert.All(requests, r =>
        {
            Assert.Equal("Bearer " + Api.ApiKey, r.Headers["Authorization"]);
            Assert.Equal("application/vnd.github+json", r.Headers["Accept"]);
            Assert.Equal("2022-11-28", r.Headers["X-GitHub-Api-Version"]);
            Assert.Equal("Hookbox", r.Headers["User-Agent"]);
        });
    }

    [Fact]
    public async Task ListAsync_DeliveriesOlderThanTheWindow_StopThePagingAndNewerOnesAreSkipped()
    {
        Api.AddDelivery("after-the-window", "issues", LastDay.End.AddSeconds(1));
        for (var i = 0; i < 150; i++)
            Api.AddDelivery(Guid(i), "issues", Now.AddMinutes(-1 - i), action: "opened");
        for (var i = 0; i < 200; i++)
            Api.AddDelivery($"old-{i}", "issues", LastDay.Start.AddMinutes(-1 - i));

        var look = await ReadLastDayAsync();

        Assert.Equal(Enumerable.Range(0, 150).Select(Guid), look.Items.Select(i => i.EventId));
        // The second page reaches before the window: the 150 older deliveries after it are never asked for.
        Assert.Equal(2, Api.Requests.Count);
    }

    [Fact]
    public async Task ListAsync_ARedeliveredEvent_IsOneItemUnderItsGuid()
    {
        Api.AddDelivery("guid-a", "pull_request", Now.AddHours(-5), statusCode: 500);
        Api.Redeliver("guid-a", Now.AddHours(-4), statusCode: 500);
        var latest = Api.Redeliver("guid-a", Now.AddHours(-3));
        Api.AddDelivery("guid-b", "push", Now.AddHours(-2));

        var look = await ReadLastDayAsync();

        Assert.Equal(["guid-b", "guid-a"], look.Items.Select(i => i.EventId));
        Assert.Equal(latest.ToString(System.Globalization.CultureInfo.InvariantCulture), look.Items[1].Detail);
    }

    [Fact]
    public async Task CompleteAsync_AListedDelivery_ReadsItsRequestPayload()
    {
        var payload = new JsonObject { ["action"] = "opened", ["issue"] = new JsonObject { ["number"] = 1347 } };
        var id = Api.AddDelivery("guid-a", "issues", Now.AddHours(-1), payload, action: "opened");
        var sender = Sender();
        var item = Assert.Single((await ReadAllAsync(sender, LastDay, Token)).Items);

        var complete = await sender.CompleteAsync(item, Token);

        Assert.NotNull(complete);
        Assert.True(JsonNode.DeepEquals(payload, JsonNode.Parse(complete.Payload.Span)));
        Assert.Null(complete.Detail);
        Assert.Equal(("guid-a", "issues"), (complete.EventId, complete.EventType));
        Assert.Equal($"/{Api.Hook}/deliveries/{id}", Api.Requests[^1].Path);
        Assert.Equal("Bearer " + Api.ApiKey, Api.Requests[^1].Headers["Authorization"]);
    }

    [Fact]
    public async Task CompleteAsync_ADeliveryThatIsGone_IsNull()
    {
        var item = new CatchUpItem("guid-a", "push", null, Now, ReadOnlyMemory<byte>.Empty, Detail: "42");

        Assert.Null(await Sender().CompleteAsync(item, Token));
    }

    [Fact]
    public async Task ListAsync_ALinkToAnotherHost_IsNotFollowed()
    {
        for (var i = 0; i < 101; i++)
            Api.AddDelivery(Guid(i), "push", Now.AddMinutes(-1 - i));
        Api.LinkOrigin = "http://elsewhere.invalid";

        var error = await ReadFailsAsync();

        Assert.Equal(CatchUpFailure.InvalidResponse, error.Failure);
        Assert.Single(Api.Requests);
    }
}
