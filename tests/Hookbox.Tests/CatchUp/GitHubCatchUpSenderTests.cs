using System.Text.Json;
using System.Text.Json.Nodes;
using static Hookbox.Tests.CatchUp.CatchUpTesting;

namespace Hookbox.Tests.CatchUp;

public sealed class GitHubCatchUpSenderTests
{
    private static ICatchUpSender Sender(FakeGitHubApi api, HttpClient http, string? apiKey = null) =>
        CatchUpTesting.Sender(SchemeNames.GitHub, api, http, o => o.Hook = api.Hook, apiKey);

    private static string Guid(int i) => $"00000000-0000-4000-8000-{i:D12}";

    [Fact]
    public async Task ListAsync_250Deliveries_FollowsTheLinkHeaderWithGitHubsHeaders()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 250; i++)
            api.AddDelivery(Guid(i), "push", Now.AddMinutes(-1 - i));

        var look = await ReadAllAsync(Sender(api, http), LastDay, Token);

        Assert.Equal(3, look.Pages.Count);
        Assert.Empty(look.Malformed);
        Assert.Equal(Enumerable.Range(0, 250).Select(Guid), look.Items.Select(i => i.EventId));
        var item = look.Items[0];
        Assert.Equal("push", item.EventType);
        Assert.Equal(Now.AddMinutes(-1), item.OccurredAt);
        Assert.True(item.Payload.IsEmpty);
        Assert.NotNull(item.Detail);

        var requests = api.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal($"/{api.Hook}/deliveries?per_page=100", requests[0].PathAndQuery);
        Assert.StartsWith("v1_", requests[1].Query["cursor"], StringComparison.Ordinal);
        Assert.All(requests, r =>
        {
            Assert.Equal("Bearer " + api.ApiKey, r.Headers["Authorization"]);
            Assert.Equal("application/vnd.github+json", r.Headers["Accept"]);
            Assert.Equal("2022-11-28", r.Headers["X-GitHub-Api-Version"]);
            Assert.Equal("Hookbox", r.Headers["User-Agent"]);
        });
    }

    [Fact]
    public async Task ListAsync_DeliveriesOlderThanTheWindow_StopThePagingAndNewerOnesAreSkipped()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddDelivery("after-the-window", "issues", LastDay.End.AddSeconds(1));
        for (var i = 0; i < 150; i++)
            api.AddDelivery(Guid(i), "issues", Now.AddMinutes(-1 - i), action: "opened");
        for (var i = 0; i < 200; i++)
            api.AddDelivery($"old-{i}", "issues", LastDay.Start.AddMinutes(-1 - i));

        var look = await ReadAllAsync(Sender(api, http), LastDay, Token);

        Assert.Equal(Enumerable.Range(0, 150).Select(Guid), look.Items.Select(i => i.EventId));
        // The second page reaches before the window: the 150 older deliveries after it are never asked for.
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task ListAsync_ARedeliveredEvent_IsOneItemUnderItsGuid()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddDelivery("guid-a", "pull_request", Now.AddHours(-5), statusCode: 500);
        api.Redeliver("guid-a", Now.AddHours(-4), statusCode: 500);
        var latest = api.Redeliver("guid-a", Now.AddHours(-3));
        api.AddDelivery("guid-b", "push", Now.AddHours(-2));

        var look = await ReadAllAsync(Sender(api, http), LastDay, Token);

        Assert.Equal(["guid-b", "guid-a"], look.Items.Select(i => i.EventId));
        Assert.Equal(latest.ToString(System.Globalization.CultureInfo.InvariantCulture), look.Items[1].Detail);
    }

    [Fact]
    public async Task CompleteAsync_AListedDelivery_ReadsItsRequestPayload()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        var payload = new JsonObject { ["action"] = "opened", ["issue"] = new JsonObject { ["number"] = 1347 } };
        var id = api.AddDelivery("guid-a", "issues", Now.AddHours(-1), payload, action: "opened");
        var sender = Sender(api, http);
        var item = Assert.Single((await ReadAllAsync(sender, LastDay, Token)).Items);

        var complete = await sender.CompleteAsync(item, Token);

        Assert.NotNull(complete);
        Assert.True(JsonNode.DeepEquals(payload, JsonNode.Parse(complete.Payload.Span)));
        Assert.Null(complete.Detail);
        Assert.Equal(("guid-a", "issues"), (complete.EventId, complete.EventType));
        Assert.Equal($"/{api.Hook}/deliveries/{id}", api.Requests[^1].Path);
        Assert.Equal("Bearer " + api.ApiKey, api.Requests[^1].Headers["Authorization"]);
    }

    [Fact]
    public async Task CompleteAsync_ADeliveryThatIsGone_IsNull()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        var item = new CatchUpItem("guid-a", "push", null, Now, ReadOnlyMemory<byte>.Empty, Detail: "42");

        Assert.Null(await Sender(api, http).CompleteAsync(item, Token));
    }

    [Fact]
    public async Task ListAsync_ALinkToAnotherHost_IsNotFollowed()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 101; i++)
            api.AddDelivery(Guid(i), "push", Now.AddMinutes(-1 - i));
        api.LinkOrigin = "http://elsewhere.invalid";

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.InvalidResponse, error.Failure);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task ListAsync_ADeliveryWithoutGuid_IsOneMalformedReasonAndTheOthersAreListed()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 3; i++)
            api.AddDelivery(Guid(i), "push", Now.AddMinutes(-1 - i));
        api.DropItemIdNext();

        var look = await ReadAllAsync(Sender(api, http), LastDay, Token);

        Assert.Equal([Guid(1), Guid(2)], look.Items.Select(i => i.EventId));
        Assert.Contains("no guid", Assert.Single(look.Malformed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_BadCredentials_IsUnauthorized()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(api, http, apiKey: "ghp_wrong"), LastDay, Token));

        Assert.Equal(CatchUpFailure.Unauthorized, error.Failure);
        Assert.DoesNotContain("ghp_wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_500_IsAServerError()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.FailNext(500);

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.ServerError, error.Failure);
    }

    [Fact]
    public async Task ListAsync_AHang_IsATimeout()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        api.HangNext();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task ListAsync_APageThatIsNotJson_IsAnInvalidResponse()
    {
        await using var api = await FakeGitHubApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddDelivery(Guid(1), "push", Now.AddMinutes(-1));
        api.SendMalformedJsonNext();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.InvalidResponse, error.Failure);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }
}
