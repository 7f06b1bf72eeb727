using System.Text;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

public sealed class RejectionLogTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    [Fact]
    public async Task RejectionLog_ShowsEachRefusalWithItsReason()
    {
        await SendBadlySignedAsync("forged-1");
        var notJson = Encoding.UTF8.GetBytes("this is not json");
        using (var request = PocketsflowEvents.Request(notJson))
        using (var response = await Host.Client.SendAsync(request, Token))
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);

        // The log is written behind the answers: wait until both are in it.
        var messages = Array.Empty<string>();
        await Poll.UntilAsync(async () =>
        {
            using var log = JsonDocument.Parse(await Host.Client.GetStringAsync("/api/rejections", Token));
            messages = [.. log.RootElement.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("message").GetString()!)];
            return messages.Length == 2;
        }, "both refusals in the rejection log", Token);

        var page = await OpenAsync("#/rejections");

        var rows = page.Locator("main tbody tr").Filter(new() { Has = page.Locator("code") });
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("invalid_json");
        await Expect(rows.Nth(0)).ToContainTextAsync(messages[0]);
        await Expect(rows.Nth(1)).ToContainTextAsync("invalid_signature");
        await Expect(rows.Nth(1)).ToContainTextAsync(messages[1]);
        await Expect(rows.Nth(1)).ToContainTextAsync("401");
        await ScreenshotAsync("rejections");

        await rows.Nth(1).Locator("summary").ClickAsync();
        await Expect(rows.Nth(1)).ToContainTextAsync("X-Pocketsflow-Event");
        AssertNoPageErrors();
    }
}
