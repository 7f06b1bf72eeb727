using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

public sealed class EventPageTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    [Fact]
    public async Task EventPage_ShowsPayloadHeadersAndDeliveries_AndReplayDeliversAgain()
    {
        DestinationFailing = true;
        var webhookId = $"{DoomedPrefix}-7";
        var id = await SendAsync(webhookId);
        await WaitForStatusAsync(id, "dead");

        var page = await OpenAsync($"#/events/{id}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "order.completed" })).ToBeVisibleAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("dead");
        var delivery = page.Locator("section[aria-labelledby=deliveries-title] tbody tr");
        // Route, status, attempts, next attempt, last error: each cell holds its text.
        await Expect(delivery.Locator("td")).ToContainTextAsync(["orders", "dead", "1", "—", "HTTP 500"]);
        await Expect(page.Locator("pre.json")).ToContainTextAsync($"\"webhookId\": \"{webhookId}\"");
        await Expect(page.Locator("pre.json")).ToContainTextAsync("\"customer\": {\n    \"email\": \"buyer@example.com\",");
        await Expect(page.Locator("section[aria-labelledby=headers-title]")).ToContainTextAsync("X-Pocketsflow-Event");
        await ScreenshotAsync("event");

        DestinationFailing = false;
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();

        // The page follows the replay by itself…
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Replayed: every delivery succeeded.", new() { Timeout = 30_000 });
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("delivered");
        await Expect(delivery.Locator("td").Nth(1)).ToHaveTextAsync("succeeded");
        await Expect(delivery.Locator("td").Nth(4)).ToContainTextAsync("earlier: HTTP 500");
        await ScreenshotAsync("event-replayed");
        // …and a reload shows the same state, from the store.
        await page.ReloadAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("delivered");
        await Expect(delivery.Locator("td").Nth(1)).ToHaveTextAsync("succeeded");
        await Expect(delivery.Locator("td").Nth(2)).ToHaveTextAsync("1");
        Assert.Equal(2, Destination.Received.Count(r => r.Headers["webhook-id"] == id));
        Assert.Equal("delivered", await StatusAsync(id));
        AssertNoPageErrors();
    }

    [Fact]
    public async Task EventPage_SignatureHeader_ShowsItsDigestNeverTheSignature()
    {
        // Issue 11: a signature shown is a delivery anyone with the page can replay.
        var body = OrderBody("order-signed", "ord_sig");
        var signature = Signatures.Pocketsflow(PocketsflowEvents.Secret, body);
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(signature)));
        var id = await SendAsync("order-signed", body: body);

        var page = await OpenAsync($"#/events/{id}");

        var headers = page.Locator("section[aria-labelledby=headers-title]");
        await Expect(headers).ToContainTextAsync(digest);
        await Expect(headers).Not.ToContainTextAsync(signature);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task EventPage_WebhookEvent_SaysItsOriginAndHasASubjectFact()
    {
        var id = await SendAsync("order-origin", body: OrderBody("order-origin", "ord_5Kq9Xv"));

        var page = await OpenAsync($"#/events/{id}");

        var facts = page.Locator("dl.facts");
        await Expect(facts.Locator("dt")).ToContainTextAsync(["Status", "Source", "Type", "Origin", "Subject", "Event id"]);
        await Expect(facts.Locator("dt:text-is('Origin') + dd")).ToHaveTextAsync("webhook");
        await Expect(page.Locator("main .origin-catch-up")).ToHaveCountAsync(0);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task EventPage_ErasedEvent_ShowsAShortErasedNoteAndNoPayload()
    {
        var id = await SendAsync("order-erased", body: OrderBody("order-erased", "ord_Er4s3d"));
        using (var erase = await Host.Client.DeleteAsync($"/api/events/{id}", Token))
            Assert.Equal(System.Net.HttpStatusCode.OK, erase.StatusCode);

        var page = await OpenAsync($"#/events/{id}");

        var payload = page.Locator("section[aria-labelledby=payload-title]");
        await Expect(payload.Locator("p.erased")).ToContainTextAsync("Erased on request");
        await Expect(payload.Locator("pre.json")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("buyer@example.com");
        await Expect(page.Locator("section[aria-labelledby=headers-title]")).ToContainTextAsync("No headers kept.");
        AssertNoPageErrors();
    }

    [Fact]
    public async Task EventPage_UnknownId_SaysSo()
    {
        var page = await OpenAsync("#/events/hb_nothing_here");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No such event" })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("hb_nothing_here");
    }
}
