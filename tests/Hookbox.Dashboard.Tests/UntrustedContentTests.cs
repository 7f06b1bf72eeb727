using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

/// <summary>Whatever a sender puts in an event is shown as text, never run or rendered as markup.</summary>
public sealed class UntrustedContentTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    private const string MarkupType = "<img src=x onerror=\"window.pwned=1\">";
    private const string MarkupNote = "<script>window.pwned=1</script><b>bold</b>";

    [Fact]
    public async Task EventWithMarkup_IsShownAsTextInTheListAndOnItsPage()
    {
        var body = Encoding.UTF8.GetBytes(
            $$"""{"webhookId":"<i>xss-1</i>","note":"{{MarkupNote.Replace("/", "\\/", StringComparison.Ordinal)}}","amountCents":12345678901234567891,"ratio":0.1}""");
        var id = await SendAsync("<i>xss-1</i>", MarkupType, body);

        var page = await OpenAsync("#/events");
        var row = page.Locator("main tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync(MarkupType);
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("<i>xss-1</i>");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = MarkupType })).ToBeVisibleAsync();
        var payload = page.Locator("pre.json");
        await Expect(payload).ToContainTextAsync($"\"note\": \"{MarkupNote}\"");
        // Digits past what a double holds are shown as the sender wrote them.
        await Expect(payload).ToContainTextAsync("\"amountCents\": 12345678901234567891");
        await Expect(payload).ToContainTextAsync("\"ratio\": 0.1");

        Assert.Equal(0, await page.Locator("main img, main i, main b, main script").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"));
        Assert.Contains(id, await page.Locator("dl.facts").InnerTextAsync());
        AssertNoPageErrors();
    }
}
