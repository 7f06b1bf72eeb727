using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

/// <summary>
/// The sign-in link <c>hookbox dashboard</c> prints (issue 11): the token rides in the fragment,
/// which the browser never sends; the page keeps it for this tab and takes it out of the address
/// bar and the history. The host has no configured token: it is the generated one.
/// </summary>
public sealed class LinkSignInTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    protected override bool SignedIn => false;

    [Fact]
    public async Task SignInLink_StoresTheTokenForThisTabAndRemovesItFromTheAddress()
    {
        var link = new Uri(Host.BaseAddress, "/#token=" + Uri.EscapeDataString(Host.AdminToken)).ToString();
        var first = await OpenAsync();
        await Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        var requested = new List<string>();
        Context!.Request += (_, request) => requested.Add(request.Url); // OpenAsync made the context

        // The link opened in a new tab, as `hookbox dashboard --open` does.
        var page = await Context.NewPageAsync();
        Watch(page);
        await page.GotoAsync(link);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        Assert.Equal(new Uri(Host.BaseAddress, "/").ToString(), page.Url);
        Assert.Equal(Host.AdminToken, await page.EvaluateAsync<string>("sessionStorage.getItem('hookbox.adminToken')"));
        Assert.NotEmpty(requested);
        Assert.DoesNotContain(requested, url => url.Contains(Host.AdminToken, StringComparison.Ordinal));

        // No history entry holds the token: going back leaves the dashboard.
        await page.GoBackAsync();
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);

        // Pasted into a tab that shows the sign-in form, the link signs that tab in too.
        await first.GotoAsync(link);
        await Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        Assert.Equal(new Uri(Host.BaseAddress, "/").ToString(), first.Url);

        // Another tab has not signed in: the token is each tab's own.
        var other = await Context.NewPageAsync();
        await other.GotoAsync(Host.BaseAddress.ToString());
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        AssertNoPageErrors();
    }
}
