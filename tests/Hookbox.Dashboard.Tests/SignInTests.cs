using System.Net.Http.Headers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

/// <summary>With Hookbox:Admin:Token set, the dashboard asks for the token and sends it as a bearer token.</summary>
public sealed class SignInTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    private const string AdminToken = "dashboard-admin-token-0123456789";

    protected override void Configure(Dictionary<string, string?> settings) => settings["Hookbox:Admin:Token"] = AdminToken;

    protected override bool SignedIn => false;

    private HttpClient AdminClient()
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    [Fact]
    public async Task SignIn_WithTheToken_OpensTheDashboardForThisTabAndReplayWorks()
    {
        using var admin = AdminClient();
        DestinationFailing = true;
        var id = await SendAsync($"{DoomedPrefix}-signed-in");
        await WaitForStatusAsync(id, "dead", admin);

        var page = await OpenAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Admin token")).ToBeFocusedAsync();
        await ScreenshotAsync("sign-in");

        await page.GetByLabel("Admin token").FillAsync("not-the-token-0123456789");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That token was not accepted.");

        await page.GetByLabel("Admin token").FillAsync(AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        // The tab keeps it across a reload; nothing else has it: no cookie was set.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        Assert.Empty(await Context!.CookiesAsync());

        // A replay is a POST with the bearer token.
        DestinationFailing = false;
        await page.GotoAsync(new Uri(Host.BaseAddress, $"/#/events/{id}").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Replayed: every delivery succeeded.", new() { Timeout = 30_000 });
        Assert.Equal("delivered", await StatusAsync(id, admin));

        // Another browser window has not signed in.
        var browser = Context.Browser!; // a context made by Browser.NewContextAsync knows its browser
        await using var elsewhere = await browser.NewContextAsync(NewContextOptions());
        var other = await elsewhere.NewPageAsync();
        await other.GotoAsync(Host.BaseAddress.ToString());
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        AssertNoPageErrors();
    }
}
