using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

using Hookbox.Pocketsflow;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Pocketsflow has no events list: a look reads its orders, and an order no stored
/// order.completed refers to reaches the typed handler as one, with what a webhook would give it.
/// </summary>
public sealed class PocketsflowCatchUpTests : ServersTest
{
    public sealed class Orders
    {
        public ConcurrentQueue<WebhookEvent<OrderCompleted>> Seen { get; } = new();
    }

    public sealed class GrantCourseAccess(Orders orders) : IWebhookHandler<OrderCompleted>
    {
        public Task HandleAsync(WebhookEvent<OrderCompleted> webhookEvent, CancellationToken cancellationToken)
        {
            orders.Seen.Enqueue(webhookEvent);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task MissedOrder_ReachesTheTypedHandler_AndItsLateWebhookIsADuplicate()
    {
        var api = Track(await FakePocketsflowApi.StartAsync(cancellationToken: Token));
        api.AddOrder("ord_missed", "buyer@example.com", DateTimeOffset.UtcNow.AddMinutes(-10), 29.99m, "usd");
        api.AddOrder("ord_received", "other@example.com", DateTimeOffset.UtcNow.AddMinutes(-8), 10m, "eur");
        var orders = new Orders();
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Sources:pocketsflow:CatchUp:ApiKey"] = api.ApiKey;
        settings["Hookbox:Sources:pocketsflow:CatchUp:BaseUrl"] = api.BaseUrl.ToString();
        settings["Hookbox:Sources:pocketsflow:CatchUp:Settle"] = "00:00:00";
        settings["Hookbox:Dispatch:InitialDelay"] = "00:00:00.020";
        settings["Hookbox:Dispatch:MaxDelay"] = "00:00:00.050";

        // The received order's webhook is in the inbox before the look: hold the first look back by failing it.
        api.FailNext(401);
        var host = Track(await HookboxTestHost.StartAsync(settings, Token, services =>
        {
            services.AddSingleton(orders);
            services.AddHookbox().AddHandler<GrantCourseAccess>();
        }));
        await Poll.UntilAsync(async () => (await RunsAsync(host)).Length >= 1 && (await RunsAsync(host))[0].GetProperty("finishedAt").ValueKind != JsonValueKind.Null, "the failed start-up look", Token);
        await SendOrderWebhookAsync(host, "ord_received", PocketsflowEvents.NewWebhookId());

        await host.Client.PostAsync("/api/sources/pocketsflow/catch-up", null, Token);
        await Poll.UntilAsync(() => orders.Seen.Count >= 2, "both orders handled", Token);
        var run = (await RunsAsync(host))[0];
        var late = await SendOrderWebhookAsync(host, "ord_missed", PocketsflowEvents.NewWebhookId());

        var missed = Assert.Single(orders.Seen, e => e.Data.Order?.Id == "ord_missed");
        Assert.Equal((29.99m, "usd", "buyer@example.com"), (missed.Data.Order!.Amount, missed.Data.Order.Currency, missed.Data.Customer?.Email));
        Assert.Equal("order:ord_missed", missed.EventId);
        Assert.Equal((2, 1, 1), (run.GetProperty("seen").GetInt32(), run.GetProperty("present").GetInt32(), run.GetProperty("recovered").GetInt32()));
        Assert.Equal("duplicate", late.GetProperty("status").GetString());
        Assert.Equal(2, orders.Seen.Count);
    }

    private static async Task<JsonElement[]> RunsAsync(HookboxTestHost host) =>
        [.. (await host.Client.GetFromJsonAsync<JsonElement>("/api/sources/pocketsflow/catch-up", Token)).GetProperty("runs").EnumerateArray()];

    private static async Task<JsonElement> SendOrderWebhookAsync(HookboxTestHost host, string orderId, string webhookId)
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"webhookId":"{{{webhookId}}}","event":"order.completed","order":{"id":"{{{orderId}}}","status":"completed","amount":10,"currency":"eur"},"customer":{"email":"other@example.com"}}""");
        using var request = PocketsflowEvents.Request(body, "order.completed");
        using var response = await host.Client.SendAsync(request, Token);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Token);
    }
}
