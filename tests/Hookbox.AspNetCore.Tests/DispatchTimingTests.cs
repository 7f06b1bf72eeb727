using System.Text.Json;
using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Backoff and attempt timeouts on a FakeTimeProvider: time moves only when the test says so.</summary>
public sealed class DispatchTimingTests : ServersTest
{
    private static readonly string Secret = Signatures.NewStandardWebhooksSecret();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private async Task<HookboxTestHost> HookboxAsync(DestinationServer destination, string attemptTimeout = "00:00:30", string? orderBy = null)
    {
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Dispatch:MaxAttempts"] = "5";
        settings["Hookbox:Dispatch:InitialDelay"] = "00:01:00";
        settings["Hookbox:Dispatch:MaxDelay"] = "01:00:00";
        settings["Hookbox:Dispatch:AttemptTimeout"] = attemptTimeout;
        settings["Hookbox:Routes:orders:Source"] = "pocketsflow";
        settings["Hookbox:Routes:orders:Events:0"] = "*";
        settings["Hookbox:Routes:orders:Url"] = destination.Url.ToString();
        settings["Hookbox:Routes:orders:Secret"] = Secret;
        if (orderBy is not null)
            settings["Hookbox:Routes:orders:OrderBy"] = orderBy;

        var host = await HookboxTestHost.StartAsync(settings, Token, services => services.AddSingleton<TimeProvider>(_time));
        Track(host);
        return host;
    }

    private static async Task<string> SendAsync(HookboxTestHost host, string webhookId, string? body = null, string type = "invoice.payment_succeeded")
    {
        using var request = PocketsflowEvents.Request(body is null ? PocketsflowEvents.Body(webhookId) : System.Text.Encoding.UTF8.GetBytes(body), type);
        using var response = await host.Client.SendAsync(request, Token);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> DeliveryAsync(HookboxTestHost host, string id) =>
        JsonDocument.Parse(await host.Client.GetStringAsync($"/api/events/{id}", Token)).RootElement.GetProperty("deliveries")[0];

    /// <summary>
    /// Moves the fake clock on by a poll's step: the dispatcher may start its next sleep just
    /// after a test's Advance, on a timer that only a later tick of the fake clock can end.
    /// </summary>
    private bool Tick()
    {
        _time.Advance(TimeSpan.FromMilliseconds(100));
        return true;
    }

    [Fact]
    public async Task FailedAttempt_RunsAgainOnlyOnceItsBackoffHasPassed()
    {
        var destination = await DestinationServer.StartAsync(n => n == 1 ? 503 : 200, Token);
        Track(destination);
        var host = await HookboxAsync(destination);

        var id = await SendAsync(host, "backoff-1");
        JsonElement delivery = default;
        await Poll.UntilAsync(async () => (delivery = await DeliveryAsync(host, id)).GetProperty("status").GetString() == "retrying", "the first attempt to fail", Token);
        var next = delivery.GetProperty("nextAttemptAt").GetDateTimeOffset();
        var wait = next - _time.GetUtcNow();

        // Half to all of the initial delay, jittered; nothing happens until the clock gets there.
        Assert.InRange(wait, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
        _time.Advance(wait - TimeSpan.FromSeconds(1));
        await host.Client.GetStringAsync($"/api/events/{id}", Token);
        Assert.Single(destination.Received);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(async () => Tick() && (await DeliveryAsync(host, id)).GetProperty("status").GetString() == "succeeded", "the second attempt after the backoff", Token);
        Assert.Equal(2, destination.Received.Count);
    }

    [Fact]
    public async Task AttemptOutlivingTheAttemptTimeout_FailsAsTimedOut()
    {
        var release = new TaskCompletionSource();
        var destination = await DestinationServer.StartAsync(async (n, request) =>
        {
            if (n == 1)
                await release.Task.WaitAsync(request.HttpContext.RequestAborted);

            return 200;
        }, Token);
        Track(destination);
        var host = await HookboxAsync(destination, attemptTimeout: "00:00:10");

        var id = await SendAsync(host, "slow-1");
        await Poll.UntilAsync(() => destination.Received.Count == 1, "the first attempt to arrive", Token);
        _time.Advance(TimeSpan.FromSeconds(10));
        JsonElement delivery = default;
        await Poll.UntilAsync(async () => (delivery = await DeliveryAsync(host, id)).GetProperty("status").GetString() == "retrying", "the attempt to time out", Token);
        release.TrySetResult();

        Assert.Equal("timed out after 10 s", delivery.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task OrderedRoute_LaterEventOfTheSameSubscriptionWaitsForTheEarlierOne()
    {
        var destination = await DestinationServer.StartAsync(n => n == 1 ? 503 : 200, Token);
        Track(destination);
        var host = await HookboxAsync(destination, orderBy: "/subscription/id");

        var created = await SendAsync(host, "created", """{"webhookId":"created","subscription":{"id":"sub_1"}}""", "customer.subscription.created");
        await Poll.UntilAsync(async () => (await DeliveryAsync(host, created)).GetProperty("status").GetString() == "retrying", "the first delivery to fail", Token);
        var deleted = await SendAsync(host, "deleted", """{"webhookId":"deleted","subscription":{"id":"sub_1"}}""", "customer.subscription.deleted");
        var other = await SendAsync(host, "other", """{"webhookId":"other","subscription":{"id":"sub_2"}}""", "customer.subscription.created");

        // Another subscription goes ahead; the same one waits behind its retrying delivery.
        await Poll.UntilAsync(async () => (await DeliveryAsync(host, other)).GetProperty("status").GetString() == "succeeded", "the other subscription's delivery", Token);
        Assert.Equal("pending", (await DeliveryAsync(host, deleted)).GetProperty("status").GetString());

        _time.Advance(TimeSpan.FromHours(1));
        await Poll.UntilAsync(async () => Tick() && (await DeliveryAsync(host, deleted)).GetProperty("status").GetString() == "succeeded", "the later delivery", Token);

        var order = destination.Received.Select(r => r.Headers["Hookbox-Event-Id"]).ToArray();
        Assert.Equal(["created", "other", "created", "deleted"], order);
    }

    [Fact]
    public async Task DeliveryLeasedByAProcessThatDied_RunsOnceItsLeaseExpires()
    {
        // A process leased the delivery for a minute, then died before reporting back.
        var now = _time.GetUtcNow();
        var store = new SqliteInboxStore(
            Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions()),
            Microsoft.Extensions.Options.Options.Create(new HookboxOptions { DataDirectory = DataDirectory.Path }),
            _time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteInboxStore>.Instance);
        await using (store)
        {
            await store.MigrateAsync(Token);
            var incoming = new IncomingEvent(HookboxId.New(_time), "pocketsflow", new EventEnvelope("orphaned-lease", "invoice.paid"), now, null,
                "application/json", "{}"u8.ToArray(), PocketsflowEvents.Body("orphaned-lease"), [new PlannedDelivery("orders", null)]);
            await store.WriteBatchAsync([incoming], [], Token);
            Assert.Single(await store.LeaseAsync("orders", 10, now, now + TimeSpan.FromMinutes(1), 5, Token));
        }

        SqliteConnection.ClearAllPools();
        var destination = await DestinationServer.StartAsync(_ => 200, Token);
        Track(destination);
        var host = await HookboxAsync(destination);
        await host.Client.GetStringAsync("/api/events", Token);
        var before = destination.Received.Count;

        _time.Advance(TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(() => Tick() && destination.Received.Count == 1, "the delivery after its lease expired", Token);

        Assert.Equal(0, before);
        Assert.Equal("orphaned-lease", destination.Received[0].Headers["Hookbox-Event-Id"]);
    }
}
