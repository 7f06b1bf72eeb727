using System.Net;
using System.Text;
using System.Text.Json;

namespace Hookbox.AspNetCore.Tests;

public sealed class EventsApiTests : HostedTest
{
    private async Task<string> AcceptAsync(string webhookId, string type = "invoice.payment_succeeded")
    {
        using var response = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body(webhookId), type));
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>A Pocketsflow <c>order.completed</c> (or <paramref name="type"/>) about order <paramref name="orderId"/>.</summary>
    private async Task<string> AcceptOrderAsync(string webhookId, string orderId, string type = "order.completed")
    {
        var body = Encoding.UTF8.GetBytes(
            $$"""{"event":"{{type}}","order":{"id":"{{orderId}}","status":"completed","amount":29.99,"currency":"usd"},"customer":{"email":"buyer@example.com"},"webhookId":"{{webhookId}}"}""");
        using var response = await SendAsync(PocketsflowEvents.Request(body, type));
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task List_ShowsTheContractFieldsNewestFirst()
    {
        var older = await AcceptAsync("w-older");
        var newer = await AcceptAsync("w-newer", "order.completed");

        var page = await EventsAsync();
        var items = page.GetProperty("items").EnumerateArray().ToArray();

        Assert.Equal([newer, older], items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["id", "source", "eventId", "type", "status", "receivedAt", "origin", "subject"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("pocketsflow", "w-newer", "order.completed", "unrouted"),
            (items[0].GetProperty("source").GetString(), items[0].GetProperty("eventId").GetString(), items[0].GetProperty("type").GetString(), items[0].GetProperty("status").GetString()));
        Assert.True(items[0].GetProperty("receivedAt").TryGetDateTimeOffset(out _));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task List_FiltersAndFollowsTheCursor()
    {
        foreach (var i in Enumerable.Range(1, 5))
            await AcceptAsync($"w{i}", i % 2 == 0 ? "order.completed" : "invoice.paid");

        var orders = await EventsAsync("?type=order.completed");
        var firstPage = await EventsAsync("?source=pocketsflow&limit=3");
        var next = firstPage.GetProperty("next").GetString();
        var secondPage = await EventsAsync($"?source=pocketsflow&limit=3&after={next}");
        var otherSource = await EventsAsync("?source=stripe");
        var dead = await EventsAsync("?status=dead");

        Assert.Equal(["w4", "w2"], orders.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()));
        Assert.Equal(["w5", "w4", "w3"], firstPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()));
        Assert.Equal(["w2", "w1"], secondPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()));
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("next").ValueKind);
        Assert.Equal(0, otherSource.GetProperty("items").GetArrayLength());
        Assert.Equal(0, dead.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task List_ByEventId_FindsTheWholeIdOrItsStart()
    {
        foreach (var webhookId in new[] { "webhook_123abc", "webhook_123abd", "webhookX123" })
            await AcceptAsync(webhookId);

        var exact = await EventsAsync("?eventId=webhook_123abc");
        var prefix = await EventsAsync("?eventId=webhook_123&limit=1");
        var rest = await EventsAsync($"?eventId=webhook_123&limit=1&after={prefix.GetProperty("next").GetString()}");
        var none = await EventsAsync("?eventId=123abc");

        Assert.Equal(["webhook_123abc"], exact.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()));
        Assert.Equal(["webhook_123abd"], prefix.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()));
        Assert.Equal(["webhook_123abc"], rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()));
        Assert.Equal(0, none.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Show_HasPayloadAsJsonValueHeadersAsObjectAndDeliveries()
    {
        var id = await AcceptAsync("w-detail");

        using var response = await Client.GetAsync($"/api/events/{id}", Token);
        var detail = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Object, detail.GetProperty("payload").ValueKind);
        Assert.Equal("w-detail", detail.GetProperty("payload").GetProperty("webhookId").GetString());
        Assert.Equal("invoice.payment_succeeded", detail.GetProperty("headers").GetProperty("X-Pocketsflow-Event").GetString());
        Assert.Equal(JsonValueKind.Array, detail.GetProperty("deliveries").ValueKind);
        Assert.True(detail.GetProperty("senderTimestamp").TryGetDateTimeOffset(out _));
    }

    [Fact]
    public async Task ListAndShow_WebhookEvent_HaveOriginWebhookAndASubjectField()
    {
        var id = await AcceptOrderAsync("w-origin", "ord_5Kq9Xv");

        var item = Assert.Single((await EventsAsync()).GetProperty("items").EnumerateArray());
        using var response = await Client.GetAsync($"/api/events/{id}", Token);
        var detail = await JsonAsync(response);

        Assert.Equal("webhook", item.GetProperty("origin").GetString());
        Assert.Equal("webhook", detail.GetProperty("origin").GetString());
        Assert.True(item.TryGetProperty("subject", out _));
        Assert.True(detail.TryGetProperty("subject", out _));
    }

    [Fact]
    public async Task ListAndShow_PocketsflowOrderCompleted_HaveTheOrderIdAsSubject()
    {
        var id = await AcceptOrderAsync("w-subject", "ord_5Kq9Xv");
        var invoice = await AcceptAsync("w-invoice"); // its subject is the customer's subscription

        var items = (await EventsAsync()).GetProperty("items").EnumerateArray().ToArray();
        using var response = await Client.GetAsync($"/api/events/{id}", Token);
        var detail = await JsonAsync(response);

        Assert.Equal("ord_5Kq9Xv", items.Single(i => i.GetProperty("id").GetString() == id).GetProperty("subject").GetString());
        Assert.Equal("6a43ce05fae6c4f0cb5a2193", items.Single(i => i.GetProperty("id").GetString() == invoice).GetProperty("subject").GetString());
        Assert.Equal("ord_5Kq9Xv", detail.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task List_BySubject_FindsTheEventsAboutThatKeyOnly()
    {
        var completed = await AcceptOrderAsync("w-s1", "ord_A1");
        var refunded = await AcceptOrderAsync("w-s2", "ord_A1", "order.refunded");
        await AcceptOrderAsync("w-s3", "ord_A10"); // exact, not a prefix
        await AcceptAsync("w-s4");

        var page = await EventsAsync("?subject=ord_A1");
        var none = await EventsAsync("?subject=ord_A");

        Assert.Equal([refunded, completed], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(0, none.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task List_ByOrigin_WebhookFindsReceivedEventsAndCatchUpNone()
    {
        var id = await AcceptAsync("w-o1");

        var webhooks = await EventsAsync("?origin=webhook");
        var recovered = await EventsAsync("?origin=catch-up");

        Assert.Equal([id], webhooks.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(0, recovered.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task List_UnknownOrigin_Is400NamingTheValidOrigins()
    {
        using var response = await Client.GetAsync("/api/events?origin=email", Token);
        var error = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_query", error.GetProperty("error").GetString());
        Assert.Equal("origin must be one of webhook, catch-up", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Show_UnknownId_Is404Json()
    {
        using var response = await Client.GetAsync("/api/events/hb_nope", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task Replay_FromAWebPageOfAnotherSite_Is403(string header, string value)
    {
        var id = await AcceptAsync("csrf-1");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/events/{id}/replay");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Replay_FromTheSameOrigin_IsAccepted()
    {
        var id = await AcceptAsync("same-origin-1");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/events/{id}/replay");
        request.Headers.TryAddWithoutValidation("Origin", $"http://{Host.BaseAddress.Authority}");

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/nothing/here")]
    [InlineData("POST", "/api/events")]
    [InlineData("DELETE", "/api/events/hb_x")]
    public async Task UnknownApiRequest_Is404Json(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?limit=ten")]
    [InlineData("?after=-4")]
    [InlineData("?status=lost")]
    [InlineData("?origin=Webhook")]
    [InlineData("?origin=catchup")]
    public async Task List_BadQuery_Is400Json(string query)
    {
        using var response = await Client.GetAsync($"/api/events{query}", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_query", (await JsonAsync(response)).GetProperty("error").GetString());
    }
}
