using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

/// <summary>A host with alerting off: the overview says alerts are not configured rather than "none open".</summary>
public sealed class OverviewWithoutAlertsTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Hookbox:Alerts:Enabled"] = "false";
    }

    [Fact]
    public async Task Overview_WithAlertsOff_SaysNoAlertsAreConfigured()
    {
        await SendAsync("invoice-1", "invoice.paid");

        var page = await OpenAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(page.GetByText("No alerts configured.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "pocketsflow" })).ToBeVisibleAsync();
        AssertNoPageErrors();
    }
}
