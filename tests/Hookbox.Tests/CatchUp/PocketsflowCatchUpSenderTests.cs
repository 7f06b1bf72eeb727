using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hookbox.Pocketsflow;
using static Hookbox.Tests.CatchUp.CatchUpTesting;

namespace Hookbox.Tests.CatchUp;

public sealed class PocketsflowCatchUpSenderTests
{
    private static ICatchUpSender Sender(FakePocketsflowApi api, HttpClient http, string? apiKey = null) =>
        CatchUpTesting.Sender(SchemeNames.Pocketsflow, api, http, apiKey: apiKey);

    private static string OrderId(int i) => $"65f0c0ffee{i:D14}";

    [Fact]
    public async Task ListAsync_250Orders_ReadsFullPagesUntilOneIsNot()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 250; i++)
            api.AddOrder(OrderId(i), $"buyer{i}@example.com", Now.AddMinutes(-1 - i));

        var look = await ReadAllAsync(Sender(api, http), LastDay, Token);

        Assert.Equal(3, look.Pages.Count);
        Assert.Empty(look.Malformed);
        Assert.Equal(Enumerable.Range(0, 250).Select(OrderId), look.Items.Select(i => i.Subject));
        var requests = api.Requests;
        Assert.Equal(["1", "2", "3"], requests.Select(r => r.Query["page"]));
        Assert.All(requests, r =>
        {
            Assert.Equal("/orders", r.Path);
            Assert.Equal("100", r.Query["pageSize"]);
            Assert.Equal(LastDay.Start, DateTimeOffset.Parse(r.Query["startDate"], CultureInfo.InvariantCulture));
            Assert.Equal(LastDay.End, DateTimeOffset.Parse(r.Query["endDate"], CultureInfo.InvariantCulture));
            Assert.Equal("Bearer " + api.ApiKey, r.Headers["Authorization"]);
        });
    }

    [Fact]
    public async Task ListAsync_AFullLastPage_AsksForOneMoreAndStopsAtTheEmptyOne()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 100; i++)
            api.AddOrder(OrderId(i), "buyer@example.com", Now.AddMinutes(-1 - i));

        var look = await ReadAllAsync(Sender(api, http), LastDay, Token);

        Assert.Equal(100, look.Items.Count);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task ListAsync_OrdersOutsideTheWindow_AreNotListed()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddOrder("before", "a@example.com", LastDay.Start.AddSeconds(-1));
        api.AddOrder("inside", "b@example.com", Now.AddHours(-1));
        api.AddOrder("after", "c@example.com", LastDay.End.AddSeconds(1));

        var look = await ReadAllAsync(Sender(api, http), LastDay, Token);

        Assert.Equal("inside", Assert.Single(look.Items).Subject);
    }

    [Fact]
    public async Task ListAsync_AnOrder_IsAnOrderCompletedUnderItsStableId()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddOrder("65xyz789", "customer@example.com", Now.AddHours(-1));
        var sender = Sender(api, http);

        var item = Assert.Single((await ReadAllAsync(sender, LastDay, Token)).Items);

        Assert.Equal(CatchUpMatch.Subject, sender.Match);
        Assert.Equal(PocketsflowOrders.EventIdFor("65xyz789"), item.EventId);
        Assert.Equal("order.completed", item.EventType);
        Assert.Equal("65xyz789", item.Subject);
        Assert.Equal(Now.AddHours(-1), item.OccurredAt);
        Assert.Same(item, await sender.CompleteAsync(item, Token));
    }

    [Fact]
    public async Task ListAsync_ThePayload_IsReadByTheTypedOrderCompletedReader()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddOrder("65xyz789", "customer@example.com", Now.AddHours(-1), total: 29.99m, currency: "usd", productId: "prod_42");

        var item = Assert.Single((await ReadAllAsync(Sender(api, http), LastDay, Token)).Items);
        var order = HandlerBodies.ReaderFor<OrderCompleted>()(item.Payload);

        Assert.NotNull(order);
        Assert.Equal("order.completed", order.Event);
        Assert.Equal("65xyz789", order.Order?.Id);
        Assert.Equal("completed", order.Order?.Status);
        Assert.Equal(29.99m, order.Order?.Amount);
        Assert.Equal("usd", order.Order?.Currency);
        Assert.Equal("customer@example.com", order.Customer?.Email);
        Assert.Equal("prod_42", order.Product?.Id);
        Assert.Null(order.WebhookId);
    }

    [Fact]
    public async Task ListAsync_ThePayload_KeepsTheApisOrderAndNamesItsSubjectWhereTheWebhookDoes()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        var apiOrder = new JsonObject
        {
            ["id"] = "ord_7",
            ["buyerEmail"] = "b@example.com",
            ["createdAt"] = "2026-03-01T10:00:00.000Z",
            ["amount"] = "12.50",
            ["currency"] = "eur",
            ["product"] = new JsonObject { ["_id"] = "prod_9", ["name"] = "E-book" },
            ["somethingNew"] = new JsonArray(1, 2),
        };
        api.AddOrder(apiOrder, Now.AddHours(-2));

        var item = Assert.Single((await ReadAllAsync(Sender(api, http), LastDay, Token)).Items);
        var body = JsonNode.Parse(item.Payload.Span)!;
        var order = HandlerBodies.ReaderFor<OrderCompleted>()(item.Payload)!;
        var source = TestSources.Create(SchemeNames.Pocketsflow, "whsec_x");
        var envelope = source.Envelope.Read(TestSources.Headers(("X-Pocketsflow-Event", "order.completed")), item.Payload);

        Assert.True(JsonNode.DeepEquals(apiOrder, body["apiOrder"]));
        Assert.Equal(("ord_7", 12.50m, "eur"), (order.Order?.Id, order.Order?.Amount, order.Order?.Currency));
        Assert.Equal(("prod_9", "E-book"), (order.Product?.Id, order.Product?.Name));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), item.OccurredAt);
        Assert.Equal("ord_7", envelope.Envelope?.Subject);
        Assert.Equal(item.EventId, source.CatchUpIdOf(envelope.Envelope!));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("failed")]
    [InlineData("canceled")]
    [InlineData("cancelled")]
    [InlineData("incomplete")]
    [InlineData("requires_payment_method")]
    [InlineData("REQUIRES_ACTION")]
    public async Task ListAsync_AnOrderThatNeverCompleted_IsSkipped(string status)
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddOrder("never", "a@example.com", Now.AddHours(-1), status: status);
        api.AddOrder("refunded", "b@example.com", Now.AddHours(-2), status: "refunded");
        api.AddOrder(new JsonObject { ["_id"] = "no-status", ["buyerEmail"] = "c@example.com" }, Now.AddHours(-3));

        var look = await ReadAllAsync(Sender(api, http), LastDay, Token);

        Assert.Equal(["refunded", "no-status"], look.Items.Select(i => i.Subject));
        Assert.Empty(look.Malformed);
    }

    [Fact]
    public async Task ListAsync_AnOrderWithoutId_IsOneMalformedReasonAndTheOthersAreListed()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 3; i++)
            api.AddOrder(OrderId(i), "a@example.com", Now.AddMinutes(-1 - i));
        api.DropItemIdNext();

        var look = await ReadAllAsync(Sender(api, http), LastDay, Token);

        Assert.Equal([OrderId(1), OrderId(2)], look.Items.Select(i => i.Subject));
        var reason = Assert.Single(look.Malformed);
        Assert.Contains("no _id", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("a@example.com", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_AWrongKey_IsUnauthorized()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(api, http, apiKey: "pk_live_wrong"), LastDay, Token));

        Assert.Equal(CatchUpFailure.Unauthorized, error.Failure);
        Assert.Equal("the API refused the key (401) for GET /orders; check that the key is right and may read what the look lists", error.Message);
    }

    [Fact]
    public async Task ListAsync_500_IsAServerError()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.FailNext(500);

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.ServerError, error.Failure);
    }

    [Fact]
    public async Task ListAsync_AHang_IsATimeout()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        api.HangNext();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task ListAsync_APageThatIsNotJson_IsAnInvalidResponse()
    {
        await using var api = await FakePocketsflowApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddOrder(OrderId(1), "a@example.com", Now.AddMinutes(-1));
        api.SendMalformedJsonNext();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.InvalidResponse, error.Failure);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }
}
