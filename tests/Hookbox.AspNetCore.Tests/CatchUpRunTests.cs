using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// The catch-up API over real looks: a <c>stripe</c> source whose API is a
/// <see cref="SenderApiServer"/> listing the events the test puts in it.
/// </summary>
public sealed class CatchUpRunTests : ServersTest
{
    private const string StripeSecret = "whsec_stripe_catchup_0123456789";
    private static readonly string[] RunFields = ["source", "startedAt", "finishedAt", "windowStart", "windowEnd", "seen", "present", "recovered", "malformed", "error", "trigger"];

    private async Task<(SenderApiServer Sender, HookboxTestHost Host)> StartAsync(bool holdTheSender = false)
    {
        var sender = Track(await SenderApiServer.StartAsync(Token));
        if (holdTheSender)
            sender.Hold();

        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Sources:stripe:Scheme"] = "stripe";
        settings["Hookbox:Sources:stripe:Secrets:0"] = StripeSecret;
        settings["Hookbox:Sources:stripe:CatchUp:ApiKey"] = "rk_test_catchup_0123456789";
        settings["Hookbox:Sources:stripe:CatchUp:BaseUrl"] = sender.BaseUrl.ToString();
        settings["Hookbox:Sources:stripe:CatchUp:Settle"] = "00:00:00";
        var host = Track(await HookboxTestHost.StartAsync(settings, Token));
        return (sender, host);
    }

    private static async Task<JsonElement[]> RunsAsync(HookboxTestHost host)
    {
        using var response = await host.Client.GetAsync("/api/sources/stripe/catch-up", Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("runs").EnumerateArray()];
    }

    private static Task WaitForFinishedRunsAsync(HookboxTestHost host, int count) =>
        Poll.UntilAsync(async () => (await RunsAsync(host)).Count(r => r.GetProperty("finishedAt").ValueKind != JsonValueKind.Null) >= count, $"{count} finished catch-up runs", Token);

    private static async Task<HttpResponseMessage> PostCatchUpAsync(HookboxTestHost host, string? body = null)
    {
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");
        return await host.Client.PostAsync("/api/sources/stripe/catch-up", content, Token);
    }

    [Fact]
    public async Task Start_SourceWithCatchUp_Is202_AndTheRunIsListedWithEveryField()
    {
        var (_, host) = await StartAsync();
        await WaitForFinishedRunsAsync(host, 1); // the start-up look

        using var response = await PostCatchUpAsync(host, $$"""{"since":"{{DateTimeOffset.UtcNow.AddHours(-2).ToString("O", CultureInfo.InvariantCulture)}}"}""");
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        await WaitForFinishedRunsAsync(host, 2);
        var run = (await RunsAsync(host))[0];

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"source":"stripe","status":"started"}""", started.GetRawText());
        Assert.Equal(RunFields, run.EnumerateObject().Select(p => p.Name));
        Assert.Equal("request", run.GetProperty("trigger").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("error").ValueKind);
        Assert.InRange(run.GetProperty("windowStart").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddHours(-2.1), DateTimeOffset.UtcNow.AddHours(-1.9));
    }

    [Fact]
    public async Task Start_WhileALookRuns_Is409_AndTheRunningLookIsListedUnfinished()
    {
        var (sender, host) = await StartAsync(holdTheSender: true);
        await Poll.UntilAsync(() => sender.Requests.Count > 0, "the start-up look to ask the sender", Token);

        using var response = await PostCatchUpAsync(host);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        var running = Assert.Single(await RunsAsync(host));
        sender.Release();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("catch_up_running", error.GetProperty("error").GetString());
        Assert.Equal("a look at stripe's API is running; see GET /api/sources/stripe/catch-up", error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("finishedAt").ValueKind);
        Assert.Equal("start-up", running.GetProperty("trigger").GetString());
    }

    [Fact]
    public async Task CatchUp_MissedWebhook_IsStoredMarkedCatchUpWithItsSubject()
    {
        var (sender, host) = await StartAsync();
        await WaitForFinishedRunsAsync(host, 1);
        var created = DateTimeOffset.UtcNow.AddMinutes(-10);
        var received = SenderApiServer.StripeEvent("evt_received", "invoice.paid", "in_received", created);
        sender.Add(received);
        sender.Add(SenderApiServer.StripeEvent("evt_missed", "invoice.paid", "in_missed", created.AddMinutes(1)));
        using (var webhook = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new ByteArrayContent(received) })
        {
            webhook.Content.Headers.ContentType = new("application/json");
            webhook.Headers.Add("Stripe-Signature", Signatures.Stripe(StripeSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), received));
            using var accepted = await host.Client.SendAsync(webhook, Token);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using (await PostCatchUpAsync(host))
            await WaitForFinishedRunsAsync(host, 2);

        var run = (await RunsAsync(host))[0];
        using var recoveredPage = await host.Client.GetAsync("/api/events?origin=catch-up", Token);
        var recovered = Assert.Single((await recoveredPage.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("items").EnumerateArray());
        using var webhookPage = await host.Client.GetAsync("/api/events?origin=webhook&source=stripe", Token);
        var viaWebhook = Assert.Single((await webhookPage.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("items").EnumerateArray());

        Assert.Equal((2, 1, 1, 0), (run.GetProperty("seen").GetInt32(), run.GetProperty("present").GetInt32(), run.GetProperty("recovered").GetInt32(), run.GetProperty("malformed").GetInt32()));
        Assert.Equal(("evt_missed", "catch-up", "in_missed"), (recovered.GetProperty("eventId").GetString(), recovered.GetProperty("origin").GetString(), recovered.GetProperty("subject").GetString()));
        Assert.Equal(("evt_received", "webhook", "in_received"), (viaWebhook.GetProperty("eventId").GetString(), viaWebhook.GetProperty("origin").GetString(), viaWebhook.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task CatchUp_ItemWhoseIdCannotTravelInAHeader_IsCountedMalformedAndNotStored()
    {
        // Issue 11: a bidirectional override in an id would fail every delivery (it goes in Hookbox-Event-Id).
        var (sender, host) = await StartAsync();
        await WaitForFinishedRunsAsync(host, 1);
        var created = DateTimeOffset.UtcNow.AddMinutes(-10);
        sender.Add(SenderApiServer.StripeEvent("evt_\u202Egnp", "invoice.paid", "in_bidi", created));
        sender.Add(SenderApiServer.StripeEvent("evt_plain", "invoice.paid", "in_plain", created.AddMinutes(1)));

        using (await PostCatchUpAsync(host))
            await WaitForFinishedRunsAsync(host, 2);

        var run = (await RunsAsync(host))[0];
        using var page = await host.Client.GetAsync("/api/events?origin=catch-up", Token);
        var recovered = Assert.Single((await page.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("items").EnumerateArray());

        Assert.Equal((2, 1, 1), (run.GetProperty("seen").GetInt32(), run.GetProperty("recovered").GetInt32(), run.GetProperty("malformed").GetInt32()));
        Assert.Equal("evt_plain", recovered.GetProperty("eventId").GetString());
    }
}
