using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

public sealed class DeadLetterTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    [Fact]
    public async Task DeadLetters_ListWhyEachDied_AndBulkReplayDeliversThemAll()
    {
        DestinationFailing = true;
        var dead = new[] { await SendAsync($"{DoomedPrefix}-a"), await SendAsync($"{DoomedPrefix}-b") };
        var delivered = await SendAsync("order-ok");
        foreach (var id in dead)
            await WaitForStatusAsync(id, "dead");

        await WaitForStatusAsync(delivered, "delivered");

        var page = await OpenAsync("#/dead");
        var rows = page.Locator("main tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Locator("td.error")).ToContainTextAsync(["orders: HTTP 500", "orders: HTTP 500"]);
        await ScreenshotAsync("dead-letters");

        DestinationFailing = false;
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay every dead event" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Replayed 2 events");
        await Expect(page.GetByText("No dead events. Nothing to replay.")).ToBeVisibleAsync();
        await ScreenshotAsync("dead-letters-replayed");
        foreach (var id in dead)
            await WaitForStatusAsync(id, "delivered");

        await page.GetByRole(AriaRole.Link, new() { Name = "Follow them in Events" }).ClickAsync();
        await page.GetByLabel("Status").SelectOptionAsync("delivered");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("main tbody tr")).ToHaveCountAsync(3);
        AssertNoPageErrors();
    }
}
