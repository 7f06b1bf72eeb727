using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

public sealed partial class OverviewTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    private static readonly Alert OpenAlert = new(
        "route-failures:orders", "route-failures", "orders", "1 of 4 delivery attempts failed in the last 5 min (25 % > 10 %)",
        new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IAlertBoard>(new FixedAlertBoard([OpenAlert]));

    [Fact]
    public async Task Overview_AfterTraffic_ShowsCountsPerSourceTheChartDispatchAndOpenAlerts()
    {
        DestinationFailing = true;
        var delivered = new[] { await SendAsync("order-1"), await SendAsync("order-2"), await SendAsync("order-3") };
        var dead = await SendAsync($"{DoomedPrefix}-1");
        await SendAsync("invoice-1", "invoice.paid"); // unrouted
        await SendAsync("order-1"); // a duplicate
        await SendAsync("order-2"); // and another
        await SendBadlySignedAsync("forged-1");
        foreach (var id in delivered)
            await WaitForStatusAsync(id, "delivered");

        await WaitForStatusAsync(dead, "dead");

        var page = await OpenAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "pocketsflow" }) });
        // Last hour: accepted, rejected, failing; last day: the same; duplicates since start.
        await Expect(row.Locator("td")).ToHaveTextAsync(["5", "1", "1", "5", "1", "1", "2"]);
        await Expect(Tile(page, "Duplicates")).ToHaveTextAsync("2");
        await Expect(Tile(page, "Dead events")).ToHaveTextAsync("1");
        await Expect(Tile(page, "Oldest pending")).ToHaveTextAsync("none");
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = EventsPerMinute() })).ToHaveAttributeAsync("aria-label", FiveInAll());
        await Expect(page.Locator(".chart rect.bar:not(.zero)")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alerts (1 open)" })).ToBeVisibleAsync();
        await Expect(page.GetByText(OpenAlert.Message)).ToBeVisibleAsync();
        await ScreenshotAsync("overview");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await ScreenshotAsync("overview-dark");
        AssertNoPageErrors();
    }

    [Fact]
    public async Task Overview_TabShownAgain_IsBroughtUpToDate()
    {
        var page = await OpenAsync();
        await Expect(Tile(page, "Dead events")).ToHaveTextAsync("0");
        DestinationFailing = true;
        await WaitForStatusAsync(await SendAsync($"{DoomedPrefix}-shown"), "dead");

        // Its 15 s timer skips a refresh while the tab is hidden; being shown again refreshes it.
        await page.EvaluateAsync("() => document.dispatchEvent(new Event('visibilitychange'))");

        // Sooner than the page's own 15 s timer could have done it.
        await Expect(Tile(page, "Dead events")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        AssertNoPageErrors();
    }

    [Fact]
    public async Task Overview_DeadEventsTile_LeadsToTheDeadLetters()
    {
        var page = await OpenAsync();

        await Tile(page, "Dead events").GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dead letters" })).ToBeVisibleAsync();
        await Expect(page.GetByText("No dead events. Nothing to replay.")).ToBeVisibleAsync();
        AssertNoPageErrors();
    }

    private static ILocator Tile(IPage page, string label) =>
        page.Locator(".tile").Filter(new() { Has = page.Locator(".label", new() { HasText = label }) }).Locator(".value");

    [GeneratedRegex("^Events per minute")]
    private static partial Regex EventsPerMinute();

    [GeneratedRegex(": 5 in all,")]
    private static partial Regex FiveInAll();
}
