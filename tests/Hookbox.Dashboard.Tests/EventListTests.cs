using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hookbox.Dashboard.Tests;

public sealed partial class EventListTests(ChromiumFixture chromium) : DashboardTest(chromium)
{
    [Fact]
    public async Task EventList_FiltersByStatusTypeAndEventId_AndOpensAnEvent()
    {
        DestinationFailing = true;
        var completed = await SendAsync("order-1001");
        var refunded = await SendAsync("order-1002", "order.refunded");
        var dead = await SendAsync($"{DoomedPrefix}-1");
        await SendAsync("invoice-1", "invoice.paid");
        await WaitForStatusAsync(completed, "delivered");
        await WaitForStatusAsync(refunded, "delivered");
        await WaitForStatusAsync(dead, "dead");

        var page = await OpenAsync("#/events");
        var rows = page.Locator("main tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(rows.First).ToContainTextAsync("invoice-1"); // newest first
        await ScreenshotAsync("events");

        await page.GetByLabel("Status").SelectOptionAsync("dead");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(StatusDead());
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync($"{DoomedPrefix}-1");

        await page.GetByRole(AriaRole.Link, new() { Name = "Clear" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(4);
        await page.GetByLabel("Type").FillAsync("order.refunded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("order-1002");

        await page.GetByRole(AriaRole.Link, new() { Name = "Clear" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(4); // the cleared list has replaced the form before it is filled in
        await page.GetByLabel("Event id starts with").FillAsync("order-10");
        await page.GetByLabel("Event id starts with").PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(2);
        await page.GetByLabel("Event id starts with").FillAsync("order-1001");
        await page.GetByLabel("Event id starts with").PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(1);
        await ScreenshotAsync("events-filtered");

        await page.GetByRole(AriaRole.Link, new() { Name = "order-1001" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "order.completed" })).ToBeVisibleAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync(completed);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task EventList_LongerThanAPage_PagesWithTheCursor()
    {
        for (var i = 1; i <= 52; i++)
            await SendAsync($"page-{i}", "invoice.paid");

        var page = await OpenAsync("#/events");
        var rows = page.Locator("main tbody tr");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(rows.First).ToContainTextAsync("page-52");

        await page.GetByRole(AriaRole.Link, new() { Name = "Older »" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("page-2");
        await Expect(rows.Nth(1)).ToContainTextAsync("page-1");
        await Expect(page.GetByText("End of the list")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "« Newest" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(50);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task EventList_SubjectAndOriginFilters_AreSentToTheApi_AndKeptInTheForm()
    {
        await SendAsync("order-a", body: OrderBody("order-a", "ord_A1"));
        await SendAsync("order-b", body: OrderBody("order-b", "ord_B2"));
        var page = await OpenAsync("#/events");
        var rows = page.Locator("main tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator("main .origin-catch-up")).ToHaveCountAsync(0); // webhooks carry no mark

        var bySubject = await page.RunAndWaitForRequestAsync(
            async () =>
            {
                await page.GetByLabel("Subject").FillAsync("ord_A1");
                await page.GetByLabel("Subject").PressAsync("Enter");
            },
            request => request.Url.Contains("/api/events?", StringComparison.Ordinal) && request.Url.Contains("subject=ord_A1", StringComparison.Ordinal));
        await Expect(page).ToHaveURLAsync(SubjectA1());
        // The view is drawn anew from the answer, form included: choosing the origin before that
        // would set it on the form about to be replaced, and Apply would then send nothing new.
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.GetByLabel("Subject")).ToHaveValueAsync("ord_A1");

        await page.GetByLabel("Origin").SelectOptionAsync("catch-up");
        var byOrigin = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync(),
            request => request.Url.Contains("origin=catch-up", StringComparison.Ordinal));
        await Expect(page.GetByLabel("Origin")).ToHaveValueAsync("catch-up");
        await Expect(page.GetByLabel("Subject")).ToHaveValueAsync("ord_A1");
        await ScreenshotAsync("events-subject-filter");

        Assert.Contains("subject=ord_A1", byOrigin.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("origin=", bySubject.Url, StringComparison.Ordinal);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task EventList_SubjectFilter_ShowsTheEventsAboutThatKeyOnly_AndTheEventPageLinksToThem()
    {
        var completed = await SendAsync("order-a", body: OrderBody("order-a", "ord_A1"));
        await SendAsync("order-a-refund", "order.refunded", OrderBody("order-a-refund", "ord_A1", "order.refunded"));
        await SendAsync("order-b", body: OrderBody("order-b", "ord_B2"));

        var page = await OpenAsync("#/events");
        var rows = page.Locator("main tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await page.GetByLabel("Subject").FillAsync("ord_A1");
        await page.GetByLabel("Subject").PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator("main tbody")).Not.ToContainTextAsync("order-b");

        await page.GotoAsync(new Uri(Host.BaseAddress, $"/#/events/{completed}").ToString());
        await page.Locator("dl.facts").GetByRole(AriaRole.Link, new() { Name = "ord_A1" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(SubjectA1());
        await Expect(rows).ToHaveCountAsync(2);
        AssertNoPageErrors();
    }

    [GeneratedRegex("#/events\\?subject=ord_A1$")]
    private static partial Regex SubjectA1();

    [GeneratedRegex("#/events\\?status=dead$")]
    private static partial Regex StatusDead();
}
