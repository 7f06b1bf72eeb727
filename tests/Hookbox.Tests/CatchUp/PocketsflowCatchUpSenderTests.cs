using System.Globalization;
using System.Text.Json.Nodes;
using Hookbox.Pocketsflow;
using static Hookbox.Tests.CatchUp.CatchUpTesting;

namespace Hookbox.Tests.CatchUp;

public sealed class PocketsflowCatchUpSenderTests()
    : CatchUpSenderContract<FakePocketsflowApi>(SchemeNames.Pocketsflow, "/orders", "Pocketsflow order 1 of the page has no _id")
{
    protected override Task<FakePocketsflowApi> StartApiAsync(CancellationToken cancellationToken) =>
        FakePocketsflowApi.StartAsync(cancellationToken: cancellationToken);

    protected override IReadOnlyList<string> AddListed(int count)
    {
        for (var i = 0; i < count; i++)
            Api.AddOrder(OrderId(i), "a@example.com", Now.AddMinutes(-1 - i));
        return [.. Enumerable.Range(0, count).Select(i => PocketsflowOrders.EventIdFor(OrderId(i)))];
    }

    private static string OrderId(int i) => $"65f0c0ffee{i:D14}";

    [Fact]
    public async Task ListAsync_250Orders_ReadsFullPagesUntilOneIsNot()
    {
        for (var i = 0; i < 250; i++)
            Api.AddOrder(OrderId(i), $"buyer{i}@example.com", Now.AddMinutes(-1 - i));

        var look = await ReadLastDayAsync();

        Assert.Equal(3, look.Pages.Count);
        Assert.Empty(look.Malformed);
        Assert.Equal(Enumerable.Range(0, 250).Select(OrderId), look.Items.Select(i => i.Subject));
        var requests = Api.Requests;
        Assert.Equal(["1", "2", "3"], requests.Select(r => r.Query["page"]));
        Assert.All(requests, r =>
        {
            Assert.Equal("/orders", r.Path);
            Assert.Equal("100", r.Query["pageSize"]);
            Assert.Equal(LastDay.Start, DateTimeOffset.Parse(r.Query["startDate"], CultureInfo.InvariantCulture));
            Assert.Equal(LastDay.End, DateTimeOffset.Parse(r.Query["endDate"], CultureInfo.InvariantCulture));
            Assert.Equal("Bearer " + Api.ApiKey, r.Headers["Authorization"]);
        });
    }

    [Fact]
    public async Task ListAsync_AFullLastPage_AsksForOneMoreAndStopsAtTheEmptyOne()
    {
        for (var i = 0; i < 100; i++)
            Api.AddOrder(OrderId(i), "buyer@example.com", Now.AddMinutes(-1 - i));

        var look = await ReadLastDayAsync();

        Assert.Equal(100, look.Items.Count);
        Assert.Equal(2, Api.Requests.Count);
    }

    [Fact]
    public async Task ListAsync_OrdersOutsideTheWindow_AreNotListed()
    {
        Api.AddOrder("before", "a@example.com", LastDay.Start.AddSeconds(-1));
        Api.AddOrder("inside", "b@example.com", Now.AddHours(-1));
        Api.AddOrder("after", "c@example.com", LastDay.End.AddSeconds(1));

        var look = await ReadLastDayAsync();

        Assert.Equal("inside", Assert.Single(look.Items).Subject);
    }

    [Fact]
    public async Task ListAsync_AnOrder_IsAnOrderCompletedUnderItsStableId()
    {
        Api.AddOrder("65xyz789", "customer@example.com", Now.AddHours(-1));
        var sender = Sender();

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
        Api.AddOrder("65xyz789", "customer@example.com", Now.AddHours(-1), total: 29.99m, currency: "usd", productId: "prod_42");

        var item = Assert.Single((await ReadLastDayAsync()).Items);
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
        Api.AddOrder(apiOrder, Now.AddHours(-2));

        var item = Assert.Single((await ReadLastDayAsync()).Items);
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
        Api.AddOrder("never", "a@example.com", Now.AddHours(-1), status: status);
        Api.AddOrder("refunded", "b@example.com", Now.AddHours(-2), status: "refunded");
        Api.AddOrder(new JsonObject { ["_id"] = "no-status", ["buyerEmail"] = "c@example.com" }, Now.AddHours(-3));

        var look = await ReadLastDayAsync();

        Assert.Equal(["refunded", "no-status"], look.Items.Select(i => i.Subject));
        Assert.Empty(look.Malformed);
    }
}
