using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Catch-up end to end, over a real Hookbox, a fake Stripe API on Kestrel shaped and paged as
/// Stripe documents it, and a route to a real destination: events sent while Hookbox was down
/// are recovered at the next start, stored and delivered once, and every way the API can fail
/// ends in a recorded run, a metric and an alert while ingest keeps answering. Alone, since
/// it reads /metrics (see <see cref="RunAlone"/>).
/// </summary>
[Collection(nameof(RunAlone))]
public sealed class CatchUpScenarioTests : ServersTest
{
    private const string StripeSecret = "whsec_stripe_scenario_0123456789";

    private FakeStripeApi _stripe = null!; // set by StartApiAsync
    private DestinationServer _destination = null!; // set by StartApiAsync

    private async Task StartApiAsync()
    {
        _stripe = Track(await FakeStripeApi.StartAsync(cancellationToken: Token));
        _destination = Track(await DestinationServer.StartAsync(_ => 200, Token));
    }

    private async Task<HookboxTestHost> StartHookboxAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Sources:stripe:Scheme"] = "stripe";
        settings["Hookbox:Sources:stripe:Secrets:0"] = StripeSecret;
        settings["Hookbox:Sources:stripe:CatchUp:ApiKey"] = _stripe.ApiKey;
        settings["Hookbox:Sources:stripe:CatchUp:BaseUrl"] = _stripe.BaseUrl.ToString();
        settings["Hookbox:Sources:stripe:CatchUp:Settle"] = "00:00:00";
        settings["Hookbox:Routes:billing:Source"] = "stripe";
        settings["Hookbox:Routes:billing:Events:0"] = "*";
        settings["Hookbox:Routes:billing:Url"] = _destination.Url.ToString();
        settings["Hookbox:Routes:billing:Secret"] = Signatures.NewStandardWebhooksSecret();
        settings["Hookbox:Dispatch:InitialDelay"] = "00:00:00.020";
        settings["Hookbox:Dispatch:MaxDelay"] = "00:00:00.050";
        settings["Hookbox:Alerts:EvaluateEvery"] = "00:00:01";
        configure?.Invoke(settings);
        return Track(await HookboxTestHost.StartAsync(settings, Token));
    }

    private static async Task<JsonElement[]> RunsAsync(HookboxTestHost host)
    {
        var answer = await host.Client.GetFromJsonAsync<JsonElement>("/api/sources/stripe/catch-up", Token);
        return [.. answer.GetProperty("runs").EnumerateArray()];
    }

    /// <summary>Waits for the <paramref name="count"/>th finished look, and returns it.</summary>
    private static async Task<JsonElement> FinishedRunAsync(HookboxTestHost host, int count)
    {
        JsonElement[] finished = [];
        await Poll.UntilAsync(
            async () => (finished = [.. (await RunsAsync(host)).Where(r => r.GetProperty("finishedAt").ValueKind != JsonValueKind.Null)]).Length >= count,
            $"{count} finished catch-up looks",
            Token);
        return finished[0];
    }

    private static async Task<JsonElement> SendWebhookAsync(HookboxTestHost host, FakeApiEvent stripeEvent)
    {
        var body = Encoding.UTF8.GetBytes(stripeEvent.Json);
        using var request = WebhookRequest.Create("stripe", body, ("Stripe-Signature", Signatures.Stripe(StripeSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body)));
        using var response = await host.Client.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Token);
    }

    private static async Task<JsonElement[]> EventsAsync(HookboxTestHost host, string query) =>
        [.. (await host.Client.GetFromJsonAsync<JsonElement>("/api/events?source=stripe&limit=100" + query, Token)).GetProperty("items").EnumerateArray()];

    private static async Task<double?> MetricAsync(HookboxTestHost host, string name, params (string, string)[] labels) =>
        PrometheusText.Parse(await host.Client.GetStringAsync("/metrics", Token)).Value(name, labels);

    [Fact]
    public async Task EventsSentWhileHookboxWasDown_AreRecoveredOnceAtTheNextStart_AndDeliveredOnce()
    {
        await StartApiAsync();
        var first = await StartHookboxAsync();
        await FinishedRunAsync(first, 1); // the start-up look: nothing yet
        var both = _stripe.AddEvent("invoice.paid", DateTimeOffset.UtcNow.AddMinutes(-5));
        var delivered = await SendWebhookAsync(first, both);

        // Delivered before the stop, so the next start has nothing of it in flight: a delivery the
        // stopping host leased and could not let go of in time waits for its lease to expire (the
        // attempt's timeout and 30 s), longer than the wait below. It happened once in CI, loaded.
        await Poll.UntilAsync(() => _destination.Received.Count >= 1, "the first delivery", Token);
        await first.DisposeAsync();

        // Hookbox is down: the sender "sends" three events that never arrive.
        var missed = Enumerable.Range(0, 3).Select(i => _stripe.AddEvent("invoice.paid", DateTimeOffset.UtcNow.AddSeconds(-30 + i))).ToList();

        var second = await StartHookboxAsync();
        var startUp = await FinishedRunAsync(second, 2);
        await Poll.UntilAsync(() => _destination.Received.Count >= 4, "four deliveries", Token);
        var recovered = await EventsAsync(second, "&origin=catch-up");
        var lateWebhook = await SendWebhookAsync(second, missed[0]);
        Assert.Equal(HttpStatusCode.Accepted, (await second.Client.PostAsync("/api/sources/stripe/catch-up", null, Token)).StatusCode);
        var again = await FinishedRunAsync(second, 3);

        Assert.Equal("start-up", startUp.GetProperty("trigger").GetString());
        Assert.Equal(JsonValueKind.Null, startUp.GetProperty("error").ValueKind);
        Assert.Equal((4, 1, 3, 0), (startUp.GetProperty("seen").GetInt32(), startUp.GetProperty("present").GetInt32(), startUp.GetProperty("recovered").GetInt32(), startUp.GetProperty("malformed").GetInt32()));
        Assert.Equal(missed.Select(e => e.Id).Order(), recovered.Select(e => e.GetProperty("eventId").GetString()).Order());
        Assert.All(recovered, e => Assert.Equal("catch-up", e.GetProperty("origin").GetString()));
        Assert.Equal(4, (await EventsAsync(second, "")).Length); // the one that came both ways is stored once
        Assert.Equal(("duplicate", recovered.Single(e => e.GetProperty("eventId").GetString() == missed[0].Id).GetProperty("id").GetString()),
            (lateWebhook.GetProperty("status").GetString(), lateWebhook.GetProperty("id").GetString()));
        Assert.Equal("accepted", delivered.GetProperty("status").GetString());
        Assert.Equal((4, 4, 0), (again.GetProperty("seen").GetInt32(), again.GetProperty("present").GetInt32(), again.GetProperty("recovered").GetInt32()));
        Assert.Equal(4, _destination.Received.Count);
        Assert.Equal(4, _destination.Received.Select(r => r.Headers["hookbox-event-id"]).Distinct().Count());
        Assert.Equal(3, await MetricAsync(second, "hookbox_catchup_events_total", ("source", "stripe"), ("result", "recovered")));
    }

    [Fact]
    public async Task LookThatRecoveredEvents_RaisesTheGapsAlert()
    {
        await StartApiAsync();
        _stripe.AddEvent("invoice.paid", DateTimeOffset.UtcNow.AddMinutes(-2));
        var host = await StartHookboxAsync();
        var board = host.Services.GetRequiredService<IAlertBoard>();

        await Poll.UntilAsync(() => board.Open.Any(a => a.Key == "gaps:stripe"), "the gaps alert", Token);

        Assert.Contains("1 events between", board.Open.Single(a => a.Key == "gaps:stripe").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_FailsTheLook_WithoutACursor_AndRaisesTheAlert_WhileIngestAnswers()
    {
        await StartApiAsync();
        _stripe.FailNext(401);
        var host = await StartHookboxAsync();

        var run = await FinishedRunAsync(host, 1);
        var board = host.Services.GetRequiredService<IAlertBoard>();
        await Poll.UntilAsync(() => board.Open.Any(a => a.Key == "catch-up:stripe"), "the catch-up alert", Token);
        var webhook = await SendWebhookAsync(host, _stripe.AddEvent("invoice.paid", DateTimeOffset.UtcNow));

        Assert.Contains("401", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_stripe.ApiKey, run.GetRawText(), StringComparison.Ordinal);
        Assert.Null(await host.Services.GetRequiredService<ICatchUpLedger>().GetCatchUpCursorAsync("stripe", Token));
        Assert.Equal(1, await MetricAsync(host, "hookbox_catchup_runs_total", ("source", "stripe"), ("outcome", "unauthorized")));
        Assert.Single(_stripe.Requests); // a refused key is not retried
        Assert.Equal("accepted", webhook.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RateLimitAndServerError_AreRetried_AndTheLookCompletes()
    {
        await StartApiAsync();
        _stripe.AddEvent("invoice.paid", DateTimeOffset.UtcNow.AddMinutes(-2));
        _stripe.RateLimitNext(retryAfterSeconds: 1);
        _stripe.FailNext(500);
        var host = await StartHookboxAsync();

        var run = await FinishedRunAsync(host, 1);

        Assert.Equal(JsonValueKind.Null, run.GetProperty("error").ValueKind);
        Assert.Equal(1, run.GetProperty("recovered").GetInt32());
        Assert.Equal(3, _stripe.Requests.Count);
        Assert.Equal(1, await MetricAsync(host, "hookbox_catchup_runs_total", ("source", "stripe"), ("outcome", "completed")));
        Assert.NotNull(await MetricAsync(host, "hookbox_catchup_last_success_timestamp_seconds", ("source", "stripe")));
    }

    [Fact]
    public async Task HangPastTheTimeout_IsAFailedRun_ThatTheNextLookCovers()
    {
        await StartApiAsync();
        _stripe.AddEvent("invoice.paid", DateTimeOffset.UtcNow.AddMinutes(-2));
        _stripe.HangNext(3);
        var host = await StartHookboxAsync(s =>
        {
            s["Hookbox:Sources:stripe:CatchUp:RequestTimeout"] = "00:00:01";
            s["Hookbox:Sources:stripe:CatchUp:RunTimeout"] = "00:00:02";
        });

        var failed = await FinishedRunAsync(host, 1);
        // Asked again (409 while a look runs) until a look gets past the hangs and recovers the event.
        await Poll.UntilAsync(
            async () =>
            {
                using var _ = await host.Client.PostAsync("/api/sources/stripe/catch-up", null, Token);
                return (await RunsAsync(host)).Any(r => r.GetProperty("recovered").GetInt32() == 1);
            },
            "a look that recovers the event",
            Token,
            TimeSpan.FromSeconds(60));

        Assert.Contains("RunTimeout", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(await MetricAsync(host, "hookbox_catchup_runs_total", ("source", "stripe"), ("outcome", "timeout")) >= 1);
    }

    [Fact]
    public async Task MalformedPage_FailsTheLook_AndAnItemWithoutId_IsCountedNotStored()
    {
        await StartApiAsync();
        _stripe.AddEvent("invoice.paid", DateTimeOffset.UtcNow.AddMinutes(-3));
        _stripe.AddEvent("invoice.paid", DateTimeOffset.UtcNow.AddMinutes(-2));
        _stripe.SendMalformedJsonNext();
        var host = await StartHookboxAsync();
        var broken = await FinishedRunAsync(host, 1);

        _stripe.DropItemIdNext();
        await host.Client.PostAsync("/api/sources/stripe/catch-up", null, Token);
        var partly = await FinishedRunAsync(host, 2);

        Assert.NotEqual(JsonValueKind.Null, broken.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, partly.GetProperty("error").ValueKind);
        Assert.Equal((2, 1, 1), (partly.GetProperty("seen").GetInt32(), partly.GetProperty("recovered").GetInt32(), partly.GetProperty("malformed").GetInt32()));
        Assert.Single(await EventsAsync(host, ""));
        Assert.Equal(1, await MetricAsync(host, "hookbox_catchup_events_total", ("source", "stripe"), ("result", "malformed")));
    }
}
