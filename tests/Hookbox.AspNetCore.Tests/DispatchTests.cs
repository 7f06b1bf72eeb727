using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Events handed on to real HTTP destinations on 127.0.0.1, verified with the StandardWebhooks package.</summary>
public sealed class DispatchTests : ServersTest
{
    private static readonly string OrdersSecret = Signatures.NewStandardWebhooksSecret();
    private static readonly string AuditSecret = Signatures.NewStandardWebhooksSecret();

    private async Task<DestinationServer> DestinationAsync(Func<int, int> answer)
    {
        var destination = await DestinationServer.StartAsync(answer, Token);
        Track(destination);
        return destination;
    }

    private async Task<HookboxTestHost> HookboxAsync(params (string Name, string Events, DestinationServer Destination, string Secret)[] routes)
    {
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Dispatch:MaxAttempts"] = "3";
        settings["Hookbox:Dispatch:InitialDelay"] = "00:00:00.050";
        settings["Hookbox:Dispatch:MaxDelay"] = "00:00:00.200";
        foreach (var (name, events, destination, secret) in routes)
            AddRoute(settings, name, events, destination, secret);

        var host = await HookboxTestHost.StartAsync(settings, Token);
        Track(host);
        return host;
    }

    private static void AddRoute(Dictionary<string, string?> settings, string name, string events, DestinationServer destination, string secret)
    {
        settings[$"Hookbox:Routes:{name}:Source"] = "pocketsflow";
        settings[$"Hookbox:Routes:{name}:Events:0"] = events;
        settings[$"Hookbox:Routes:{name}:Url"] = destination.Url.ToString();
        settings[$"Hookbox:Routes:{name}:Secret"] = secret;
    }

    /// <summary>A destination that holds every delivery until <paramref name="released"/> completes.</summary>
    private async Task<DestinationServer> HeldDestinationAsync(Task released)
    {
        var destination = await DestinationServer.StartAsync(async (_, request) =>
        {
            await released.WaitAsync(request.HttpContext.RequestAborted);
            return 200;
        }, Token);
        Track(destination);
        return destination;
    }

    private static async Task<string> SendAsync(HookboxTestHost host, string webhookId, string type = "order.completed")
    {
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(webhookId), type);
        using var response = await host.Client.SendAsync(request, Token);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> ShowAsync(HookboxTestHost host, string id) =>
        JsonDocument.Parse(await host.Client.GetStringAsync($"/api/events/{id}", Token)).RootElement;

    private static async Task<JsonElement> WaitForStatusAsync(HookboxTestHost host, string id, string status)
    {
        JsonElement shown = default;
        await Poll.UntilAsync(async () => (shown = await ShowAsync(host, id)).GetProperty("status").GetString() == status, $"event {id} to be {status}", Token);
        return shown;
    }

    [Fact]
    public async Task AcceptedEvents_AreDeliveredSignedForStandardWebhooksWithTheHookboxHeaders()
    {
        var destination = await DestinationAsync(_ => 200);
        var host = await HookboxAsync(("orders", "order.*", destination, OrdersSecret));

        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add(await SendAsync(host, $"deliver-{i}"));

        foreach (var id in ids)
            await WaitForStatusAsync(host, id, "delivered");

        Assert.Equal(5, destination.Received.Count);
        var verifier = new StandardWebhook(OrdersSecret);
        foreach (var received in destination.Received)
        {
            verifier.Verify(received.Body, received.RawHeaders); // throws when the signature is wrong
            Assert.Contains(received.Headers["webhook-id"], ids);
            Assert.Equal(("pocketsflow", "order.completed"), (received.Headers["Hookbox-Source"], received.Headers["Hookbox-Event-Type"]));
            Assert.Equal(Encoding.UTF8.GetString(PocketsflowEvents.Body(received.Headers["Hookbox-Event-Id"])), received.Body);
            Assert.Equal("application/json", received.Headers["Content-Type"]);
        }
    }

    [Fact]
    public async Task Destination_AnsweringWithControlCharacters_LeavesAPrintableExcerptInLastError()
    {
        var destination = Track(await DestinationServer.StartAsync(async (_, request) =>
        {
            request.HttpContext.Response.StatusCode = 500;
            await request.HttpContext.Response.WriteAsync("boom\u001b[2J\r\nsecond line\u0007", request.HttpContext.RequestAborted);
            return DestinationServer.AnsweredItself;
        }, Token));
        var host = await HookboxAsync(("orders", "order.*", destination, OrdersSecret));

        var id = await SendAsync(host, "escapes-1");
        var shown = await WaitForStatusAsync(host, id, "retrying");

        Assert.Equal("HTTP 500 Internal Server Error: boom [2J  second line", shown.GetProperty("deliveries")[0].GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task Destination_FailingTwiceThenSucceeding_SeesThreeAttemptsWithOneWebhookId()
    {
        var destination = await DestinationAsync(n => n <= 2 ? 503 : 200);
        var host = await HookboxAsync(("orders", "order.*", destination, OrdersSecret));

        var id = await SendAsync(host, "flaky-1");
        var shown = await WaitForStatusAsync(host, id, "delivered");
        var delivery = shown.GetProperty("deliveries")[0];

        Assert.Equal(3, destination.Received.Count);
        Assert.All(destination.Received, r => Assert.Equal(id, r.Headers["webhook-id"]));
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.StartsWith("HTTP 503", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destination_AlwaysFailing_IsDeadAfterMaxAttemptsAndDeliveredAfterReplay()
    {
        var failing = true;
        var destination = await DestinationAsync(_ => Volatile.Read(ref failing) ? 500 : 200);
        var host = await HookboxAsync(("orders", "order.*", destination, OrdersSecret));

        var id = await SendAsync(host, "doomed-1");
        var dead = await WaitForStatusAsync(host, id, "dead");
        Volatile.Write(ref failing, false);
        using var replay = await host.Client.PostAsync($"/api/events/{id}/replay", null, Token);
        await WaitForStatusAsync(host, id, "delivered");

        Assert.Equal(3, dead.GetProperty("deliveries")[0].GetProperty("attempts").GetInt32());
        Assert.Equal("dead", dead.GetProperty("deliveries")[0].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(4, destination.Received.Count);
    }

    [Fact]
    public async Task TwoRoutes_TheSucceedingOneIsCalledOnceWhileTheOtherRetries()
    {
        var orders = await DestinationAsync(_ => 200);
        var audit = await DestinationAsync(_ => 500);
        var host = await HookboxAsync(("orders", "order.*", orders, OrdersSecret), ("audit", "*", audit, AuditSecret));

        var id = await SendAsync(host, "two-routes-1");
        var shown = await WaitForStatusAsync(host, id, "dead");

        Assert.Single(orders.Received);
        Assert.Equal(3, audit.Received.Count);
        new StandardWebhook(AuditSecret).Verify(audit.Received[0].Body, audit.Received[0].RawHeaders);
        Assert.Equal(["audit:dead", "orders:succeeded"], shown.GetProperty("deliveries").EnumerateArray().Select(d => $"{d.GetProperty("route").GetString()}:{d.GetProperty("status").GetString()}"));
    }

    [Fact]
    public async Task EventMatchingNoRoute_IsUnroutedAndNotSent()
    {
        var destination = await DestinationAsync(_ => 200);
        var host = await HookboxAsync(("orders", "order.*", destination, OrdersSecret));

        var id = await SendAsync(host, "invoice-1", "invoice.paid");
        var routed = await SendAsync(host, "order-after-invoice");
        await WaitForStatusAsync(host, routed, "delivered");

        Assert.Equal("unrouted", (await ShowAsync(host, id)).GetProperty("status").GetString());
        Assert.Single(destination.Received);
    }

    [Fact]
    public async Task BulkReplay_OfDeadEvents_DeliversThemAll()
    {
        var failing = true;
        var destination = await DestinationAsync(_ => Volatile.Read(ref failing) ? 500 : 200);
        var host = await HookboxAsync(("orders", "order.*", destination, OrdersSecret));
        var ids = new[] { await SendAsync(host, "bulk-1"), await SendAsync(host, "bulk-2") };
        foreach (var id in ids)
            await WaitForStatusAsync(host, id, "dead");

        Volatile.Write(ref failing, false);
        using var replay = await host.Client.PostAsync("/api/events/replay?status=dead", null, Token);
        using var answer = JsonDocument.Parse(await replay.Content.ReadAsStringAsync(Token));

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(2, answer.RootElement.GetProperty("replayed").GetInt32());
        foreach (var id in ids)
            await WaitForStatusAsync(host, id, "delivered");
    }

    [Fact]
    public async Task ListEvents_DeadEvent_NamesItsDeadDeliveryAndLastError_OthersAsBefore()
    {
        var orders = await DestinationAsync(_ => 500);
        var audit = await DestinationAsync(_ => 200);
        var host = await HookboxAsync(("orders", "order.*", orders, OrdersSecret), ("audit", "invoice.*", audit, AuditSecret));
        var dead = await SendAsync(host, "listed-dead");
        var delivered = await SendAsync(host, "listed-delivered", "invoice.paid");
        await WaitForStatusAsync(host, dead, "dead");
        await WaitForStatusAsync(host, delivered, "delivered");

        using var page = JsonDocument.Parse(await host.Client.GetStringAsync("/api/events", Token));
        var items = page.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);

        Assert.Equal("orders", items[dead].GetProperty("lastErrorRoute").GetString());
        Assert.StartsWith("HTTP 500", items[dead].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.False(items[delivered].TryGetProperty("lastErrorRoute", out _));
        Assert.False(items[delivered].TryGetProperty("lastError", out _));
    }

    [Fact]
    public async Task Replay_UnknownEvent_Is404()
    {
        var destination = await DestinationAsync(_ => 200);
        var host = await HookboxAsync(("orders", "order.*", destination, OrdersSecret));

        using var replay = await host.Client.PostAsync("/api/events/hb_missing/replay", null, Token);

        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.Equal("not_found", JsonDocument.Parse(await replay.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Destination_Unreachable_IsRetriedWithTheConnectionErrorRecorded()
    {
        // Port 1 on loopback: nothing listens there, and unlike a port just freed, no other test takes it.
        var url = new Uri("http://127.0.0.1:1/hooks");
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Dispatch:MaxAttempts"] = "2";
        settings["Hookbox:Dispatch:InitialDelay"] = "00:00:00.050";
        settings["Hookbox:Routes:orders:Source"] = "pocketsflow";
        settings["Hookbox:Routes:orders:Events:0"] = "*";
        settings["Hookbox:Routes:orders:Url"] = url.ToString();
        settings["Hookbox:Routes:orders:Secret"] = OrdersSecret;
        var host = await HookboxTestHost.StartAsync(settings, Token);
        Track(host);

        var id = await SendAsync(host, "nowhere-1");
        var dead = await WaitForStatusAsync(host, id, "dead");

        Assert.StartsWith($"could not reach {url.GetLeftPart(UriPartial.Authority)}", dead.GetProperty("deliveries")[0].GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowRoute_DoesNotStallTheOthers()
    {
        var release = new TaskCompletionSource();
        var slow = await HeldDestinationAsync(release.Task);
        var fast = await DestinationAsync(_ => 200);
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Dispatch:Concurrency"] = "4";
        settings["Hookbox:Dispatch:RouteConcurrency"] = "2";
        AddRoute(settings, "slow", "*", slow, OrdersSecret);
        AddRoute(settings, "fast", "*", fast, OrdersSecret);

        var host = await HookboxTestHost.StartAsync(settings, Token);
        Track(host);

        for (var i = 0; i < 6; i++)
            await SendAsync(host, $"busy-{i}");

        await Poll.UntilAsync(() => fast.Received.Count == 6, "every delivery of the fast route", Token);
        await Poll.UntilAsync(() => slow.Received.Count >= 2, "the slow route's first deliveries", Token);
        Assert.Equal(2, slow.Received.Count); // its own two slots, no more
        release.SetResult();
    }

    [Fact]
    public async Task SlowRoutes_ByDefault_EachRunSixteenAttemptsAtOnce_AndBothFit()
    {
        // 16 a route (8 left dispatch waiting on its slots beside 5 000 webhooks/s, bench/RESULTS.md),
        // and 32 in all, so that two routes at their default never take each other's slots.
        var release = new TaskCompletionSource();
        DestinationServer[] destinations = [await HeldDestinationAsync(release.Task), await HeldDestinationAsync(release.Task)];
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Dispatch:AttemptTimeout"] = "00:10:00"; // no held attempt ends, freeing its slot
        AddRoute(settings, "orders", "*", destinations[0], OrdersSecret);
        AddRoute(settings, "audit", "*", destinations[1], AuditSecret);

        var host = await HookboxTestHost.StartAsync(settings, Token);
        Track(host);

        for (var i = 0; i < 20; i++)
            await SendAsync(host, $"held-{i}");

        await Poll.UntilAsync(() => destinations.All(d => d.Received.Count >= 16), "sixteen attempts held at each destination", Token);
        Assert.All(destinations, d => Assert.Equal(16, d.Received.Count)); // their slots, no more
        release.SetResult();
    }

    [Fact]
    public async Task RouteRemovedFromConfiguration_ItsDeliveriesAreDeadSayingWhy()
    {
        var destination = await DestinationAsync(_ => 500);
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Dispatch:InitialDelay"] = "00:10:00";
        settings["Hookbox:Routes:orders:Source"] = "pocketsflow";
        settings["Hookbox:Routes:orders:Events:0"] = "*";
        settings["Hookbox:Routes:orders:Url"] = destination.Url.ToString();
        settings["Hookbox:Routes:orders:Secret"] = OrdersSecret;
        string id;
        await using (var before = await HookboxTestHost.StartAsync(settings, Token))
        {
            id = await SendAsync(before, "orphan-1");
            await WaitForStatusAsync(before, id, "retrying");
        }

        var remaining = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        remaining["Hookbox:Routes:audit:Source"] = "pocketsflow";
        remaining["Hookbox:Routes:audit:Events:0"] = "invoice.*";
        remaining["Hookbox:Routes:audit:Url"] = destination.Url.ToString();
        remaining["Hookbox:Routes:audit:Secret"] = AuditSecret;
        var after = await HookboxTestHost.StartAsync(remaining, Token);
        Track(after);
        var dead = await WaitForStatusAsync(after, id, "dead");

        Assert.Contains("no longer configured", dead.GetProperty("deliveries")[0].GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destination_Redirecting_IsAFailedAttemptNotADelivery()
    {
        // A Location back to itself: followed, every attempt would reach the destination again.
        var destination = await DestinationServer.StartAsync((_, request) =>
        {
            request.HttpContext.Response.Headers.Location = "/followed";
            return Task.FromResult(302);
        }, Token);
        Track(destination);
        var host = await HookboxAsync(("orders", "order.*", destination, OrdersSecret));

        var id = await SendAsync(host, "redirected-1");
        var dead = await WaitForStatusAsync(host, id, "dead");

        Assert.StartsWith("HTTP 302", dead.GetProperty("deliveries")[0].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, destination.Received.Count);
    }
}
