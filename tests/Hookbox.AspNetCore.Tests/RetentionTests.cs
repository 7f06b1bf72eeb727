using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Retention as the events API shows it (issue 5), on a FakeTimeProvider that moves only when the test says so.</summary>
public sealed class RetentionTests : ServersTest
{
    // Short, so the clock moves little: each advance fires every periodic timer of the host
    // (the SQLite checkpointer ticks every 100 ms) once per period passed.
    private static readonly TimeSpan Payloads = TimeSpan.FromHours(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private async Task<HookboxTestHost> HookboxAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var destination = await DestinationServer.StartAsync(_ => 200, Token);
        Track(destination);
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Routes:orders:Source"] = "pocketsflow";
        settings["Hookbox:Routes:orders:Events:0"] = "*";
        settings["Hookbox:Routes:orders:Url"] = destination.Url.ToString();
        settings["Hookbox:Routes:orders:Secret"] = Signatures.NewStandardWebhooksSecret();
        settings["Hookbox:Retention:Payloads"] = Payloads.ToString();
        settings["Hookbox:Retention:Interval"] = Interval.ToString();
        configure?.Invoke(settings);
        var host = await HookboxTestHost.StartAsync(settings, Token, services => services.AddSingleton<TimeProvider>(_time));
        Track(host);
        return host;
    }

    private static async Task<JsonElement> SendAsync(HookboxTestHost host, string webhookId)
    {
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(webhookId));
        using var response = await host.Client.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;
    }

    private static async Task<JsonElement> ShowAsync(HookboxTestHost host, string id) =>
        JsonDocument.Parse(await host.Client.GetStringAsync($"/api/events/{id}", Token)).RootElement;

    [Fact]
    public async Task DeliveredEventPastThePayloadRetention_ShowsWhenItWasPrunedAndRefusesReplay()
    {
        var host = await HookboxAsync();
        var id = (await SendAsync(host, "pruned-1")).GetProperty("id").GetString()!;
        await Poll.UntilAsync(async () => (await ShowAsync(host, id)).GetProperty("status").GetString() == "delivered", "the delivery", Token);
        var kept = await ShowAsync(host, id);

        // Past its payload retention, the next pass (the clock moves an interval per look) prunes it.
        _time.Advance(Payloads + TimeSpan.FromSeconds(1));
        JsonElement pruned = default;
        await Poll.UntilAsync(async () =>
        {
            pruned = await ShowAsync(host, id);
            if (pruned.GetProperty("payloadPrunedAt").ValueKind == JsonValueKind.String)
                return true;

            _time.Advance(Interval);
            return false;
        }, "the payload to be pruned", Token);

        using var replay = await host.Client.PostAsync($"/api/events/{id}/replay", null, Token);
        var replayError = JsonDocument.Parse(await replay.Content.ReadAsStringAsync(Token)).RootElement;
        using var bulk = await host.Client.PostAsync("/api/events/replay?status=delivered", null, Token);
        var again = await SendAsync(host, "pruned-1");

        Assert.Equal(JsonValueKind.Null, kept.GetProperty("payloadPrunedAt").ValueKind);
        Assert.Equal("pruned-1", kept.GetProperty("payload").GetProperty("webhookId").GetString());

        Assert.Equal(("delivered", "pruned-1"), (pruned.GetProperty("status").GetString(), pruned.GetProperty("eventId").GetString()));
        Assert.Equal(JsonValueKind.Null, pruned.GetProperty("payload").ValueKind);
        Assert.Equal(JsonValueKind.Object, pruned.GetProperty("headers").ValueKind);
        Assert.Empty(pruned.GetProperty("headers").EnumerateObject());
        Assert.True(pruned.GetProperty("payloadPrunedAt").GetDateTimeOffset() > kept.GetProperty("receivedAt").GetDateTimeOffset() + Payloads);
        Assert.Equal("succeeded", pruned.GetProperty("deliveries")[0].GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("payload_pruned", replayError.GetProperty("error").GetString());
        Assert.Contains("Hookbox:Retention:Payloads", replayError.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, bulk.StatusCode);
        Assert.Equal(0, JsonDocument.Parse(await bulk.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("replayed").GetInt32());

        // Its dedupe key outlives its payload: the sender's late retry is still a duplicate.
        Assert.Equal(("duplicate", id), (again.GetProperty("status").GetString(), again.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task UnroutedEventPastItsRetention_IsDeletedAndASendAgainIsAccepted()
    {
        // Past Retention:Unrouted the whole event goes, with its (source, event id).
        var unrouted = TimeSpan.FromHours(2);
        var host = await HookboxAsync(settings =>
        {
            settings["Hookbox:Routes:orders:Events:0"] = "order.*";
            settings["Hookbox:Retention:Unrouted"] = unrouted.ToString();
        });
        var id = (await SendAsync(host, "unrouted-1")).GetProperty("id").GetString()!;
        var kept = await ShowAsync(host, id);

        _time.Advance(unrouted + TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(async () =>
        {
            using var response = await host.Client.GetAsync($"/api/events/{id}", Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return true;

            _time.Advance(Interval);
            return false;
        }, "the unrouted event to be deleted", Token);
        var again = await SendAsync(host, "unrouted-1");

        Assert.Equal("unrouted", kept.GetProperty("status").GetString());
        Assert.Equal("accepted", again.GetProperty("status").GetString());
        Assert.NotEqual(id, again.GetProperty("id").GetString());
    }
}
