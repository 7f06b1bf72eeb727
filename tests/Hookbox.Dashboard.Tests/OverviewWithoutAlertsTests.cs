using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

/// <summary>A host with no alert board: alerting is not configured, which the overview says rather than "none open".</summary>
public sealed class OverviewWithoutAlertsTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    [Fact]
    public async Task Overview_WithoutAnAlertBoard_SaysNoAlertsAreConfigured()
    {
        await SendAsync("invoice-1", "invoice.paid");

        var page = await OpenAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(page.GetByText("No alerts configured.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "pocketsflow" })).ToBeVisibleAsync();
        AssertNoPageErrors();
    }
}
