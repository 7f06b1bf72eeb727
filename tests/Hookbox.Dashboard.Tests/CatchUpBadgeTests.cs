using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

/// <summary>
/// Events a catch-up look recovered, as the dashboard shows them: a <c>stripe</c> source whose API
/// is a <see cref="SenderApiServer"/>, one event of which reached Hookbox by webhook and one not.
/// </summary>
public sealed class CatchUpBadgeTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    private const string StripeSecret = "whsec_dashboard_stripe_0123456789";
    private SenderApiServer _sender = null!; // set in StartServersAsync, before any test

    protected override async Task StartServersAsync(Dictionary<string, string?> settings)
    {
        _sender = Track(await SenderApiServer.StartAsync(Token));
        settings["Hookbox:Sources:stripe:Scheme"] = "stripe";
        settings["Hookbox:Sources:stripe:Secrets:0"] = StripeSecret;
        settings["Hookbox:Sources:stripe:CatchUp:ApiKey"] = "rk_test_dashboard_0123456789";
        settings["Hookbox:Sources:stripe:CatchUp:BaseUrl"] = _sender.BaseUrl.ToString();
        settings["Hookbox:Sources:stripe:CatchUp:Settle"] = "00:00:00";
    }

    [Fact]
    public async Task RecoveredEvent_HasTheCatchUpBadge_InTheListAndOnItsPage()
    {
        await WaitForFinishedLooksAsync(1); // the start-up look, over an empty API
        var created = DateTimeOffset.UtcNow.AddMinutes(-5);
        var received = SenderApiServer.StripeEvent("evt_dash_received", "invoice.paid", "in_dash_received", created);
        _sender.Add(received);
        _sender.Add(SenderApiServer.StripeEvent("evt_dash_missed", "invoice.paid", "in_dash_missed", created.AddSeconds(30)));
        await SendStripeAsync(received);
        using (var started = await Host.Client.PostAsync("/api/sources/stripe/catch-up", content: null, Token))
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

        await WaitForFinishedLooksAsync(2);

        var page = await OpenAsync("#/events?source=stripe");
        var rows = page.Locator("main tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var missed = rows.Filter(new() { HasText = "evt_dash_missed" });
        await Expect(missed.Locator(".origin-catch-up")).ToHaveTextAsync("catch-up");
        await Expect(rows.Filter(new() { HasText = "evt_dash_received" }).Locator(".origin-catch-up")).ToHaveCountAsync(0);
        await ScreenshotAsync("events-catch-up");

        await page.GetByLabel("Origin").SelectOptionAsync("catch-up");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);

        await missed.GetByRole(AriaRole.Link, new() { Name = "evt_dash_missed" }).ClickAsync();
        await Expect(page.Locator(".page-head .origin-catch-up")).ToBeVisibleAsync();
        await Expect(page.Locator("dl.facts dt:text-is('Origin') + dd")).ToContainTextAsync("catch-up");
        await Expect(page.Locator("dl.facts").GetByRole(AriaRole.Link, new() { Name = "in_dash_missed" })).ToBeVisibleAsync();
        await ScreenshotAsync("event-catch-up");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await ScreenshotAsync("event-catch-up-dark");
        AssertNoPageErrors();
    }

    private Task WaitForFinishedLooksAsync(int count) => Poll.UntilAsync(async () =>
    {
        using var runs = JsonDocument.Parse(await Host.Client.GetStringAsync("/api/sources/stripe/catch-up", Token));
        return runs.RootElement.GetProperty("runs").EnumerateArray().Count(r => r.GetProperty("finishedAt").ValueKind != JsonValueKind.Null) >= count;
    }, $"{count} finished catch-up looks", Token);

    private async Task SendStripeAsync(byte[] stripeEvent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new ByteArrayContent(stripeEvent) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("Stripe-Signature", Signatures.Stripe(StripeSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), stripeEvent));
        using var response = await Host.Client.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
