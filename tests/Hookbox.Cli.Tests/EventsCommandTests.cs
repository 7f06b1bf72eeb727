using System.Text.Json;

namespace Hookbox.Cli.Tests;

/// <summary><c>hookbox events list|show|replay</c> against a running <c>hookbox serve</c> that needs an admin token.</summary>
[Collection(CliServerGroup.Name)]
public sealed class EventsCommandTests(CliServer server)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_FilteredBySourceAndType_PrintsOnlyThoseEvents()
    {
        var webhookId = PocketsflowEvents.NewWebhookId();
        var invoice = await server.SendAsync("list", "invoice.paid", webhookId, Token);
        var customer = await server.SendAsync("list", "customer.created", PocketsflowEvents.NewWebhookId(), Token);
        var elsewhere = await server.SendAsync("show", "invoice.paid", PocketsflowEvents.NewWebhookId(), Token);

        var (exitCode, output) = await server.RunAsync(["events", "list", "--source", "list", "--type", "invoice.paid"], Token);

        Assert.Equal(0, exitCode);
        Assert.Contains(invoice, output, StringComparison.Ordinal);
        Assert.Contains(webhookId, output, StringComparison.Ordinal);
        Assert.Contains("invoice.paid", output, StringComparison.Ordinal);
        Assert.DoesNotContain(customer, output, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_IsTheApiPageWithItsCursor()
    {
        var older = await server.SendAsync("list", "customer.created", PocketsflowEvents.NewWebhookId(), Token);
        var newer = await server.SendAsync("list", "customer.created", PocketsflowEvents.NewWebhookId(), Token);

        var (exitCode, output) = await server.RunAsync(["events", "list", "--source", "list", "--type", "customer.created", "--limit", "1", "--json"], Token);

        Assert.Equal(0, exitCode);
        using var page = JsonDocument.Parse(output);
        var item = Assert.Single(page.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(newer, item.GetProperty("id").GetString());
        Assert.Equal("list", item.GetProperty("source").GetString());
        Assert.Equal("customer.created", item.GetProperty("type").GetString());
        var next = page.RootElement.GetProperty("next").GetString()!;

        var (_, secondPage) = await server.RunAsync(["events", "list", "--source", "list", "--type", "customer.created", "--limit", "1", "--after", next], Token);
        Assert.Contains(older, secondPage, StringComparison.Ordinal);
        Assert.DoesNotContain(newer, secondPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_MorePagesThanTheLimit_PrintsTheNextCursor()
    {
        await server.SendAsync("list", "invoice.created", PocketsflowEvents.NewWebhookId(), Token);
        await server.SendAsync("list", "invoice.created", PocketsflowEvents.NewWebhookId(), Token);

        var (exitCode, output) = await server.RunAsync(["events", "list", "--source", "list", "--type", "invoice.created", "--limit", "1"], Token);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"next: (\d+) .*--after \1", output);
    }

    [Fact]
    public async Task List_HasAnOriginColumn_WebhookForAReceivedEvent()
    {
        var id = await server.SendAsync("list", "customer.subscription.paused", PocketsflowEvents.NewWebhookId(), Token);

        var (exitCode, output) = await server.RunAsync(["events", "list", "--source", "list", "--type", "customer.subscription.paused"], Token);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"Status\W+Origin", output); // the last column
        Assert.Matches($@"{id}.*\Wwebhook\W", output);
    }

    [Fact]
    public async Task List_ByOriginWebhook_PrintsReceivedEvents()
    {
        var id = await server.SendAsync("list", "customer.subscription.resumed", PocketsflowEvents.NewWebhookId(), Token);

        var (exitCode, output) = await server.RunAsync(["events", "list", "--source", "list", "--origin", "webhook", "--type", "customer.subscription.resumed"], Token);

        Assert.Equal(0, exitCode);
        Assert.Contains(id, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_BySubjectOrOriginCatchUp_PrintsOnlyThoseEvents()
    {
        // PocketsflowEvents.Body's subject is its subscriptionCustomerId; an order's is its order id.
        var invoice = await server.SendAsync("list", "invoice.upcoming", PocketsflowEvents.NewWebhookId(), Token);
        var other = await server.SendAsync("show", "invoice.upcoming", PocketsflowEvents.NewWebhookId(), Token);

        var (exitCode, output) = await server.RunAsync(["events", "list", "--source", "list", "--subject", "6a43ce05fae6c4f0cb5a2193", "--type", "invoice.upcoming"], Token);
        var (_, none) = await server.RunAsync(["events", "list", "--subject", "6a43ce05fae6c4f0cb5a219", "--type", "invoice.upcoming"], Token);
        var (_, recovered) = await server.RunAsync(["events", "list", "--source", "list", "--origin", "catch-up"], Token);

        Assert.Equal(0, exitCode);
        Assert.Contains(invoice, output, StringComparison.Ordinal);
        Assert.DoesNotContain(other, output, StringComparison.Ordinal);
        Assert.Contains("No events match.", none, StringComparison.Ordinal);
        Assert.Contains("No events match.", recovered, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--origin", "email")]
    [InlineData("--status", "lost")]
    public async Task List_UnknownFilterValue_IsAUsageError(string option, string value)
    {
        var (exitCode, output) = await server.RunAsync(["events", "list", option, value], Token);

        Assert.Equal(2, exitCode);
        Assert.Contains($"'{value}' not recognized", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WrongToken_PrintsTheApiMessageAndFails()
    {
        var (exitCode, output) = await server.RunAsync(["events", "list", "--token", "not-the-token"], Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("401 send the admin token as 'Authorization: Bearer <token>'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_DeadEvent_PrintsHeadersPayloadAndDeliveries()
    {
        var webhookId = PocketsflowEvents.NewWebhookId();
        var id = await server.SendAsync("show", "order.completed", webhookId, Token);
        await server.WaitForStatusAsync(id, "dead", Token);

        var (exitCode, output) = await server.RunAsync(["events", "show", id], Token);

        Assert.Equal(0, exitCode);
        Assert.Contains(id, output, StringComparison.Ordinal);
        Assert.Contains("X-Pocketsflow-Event", output, StringComparison.Ordinal);
        Assert.Contains($"\"webhookId\": \"{webhookId}\"", output, StringComparison.Ordinal); // pretty-printed
        Assert.Contains("  \"subscription\": {", output, StringComparison.Ordinal);
        Assert.Matches(@"show-all\W+dead\W+1\W+HTTP 500", output); // its row of the deliveries table
    }

    [Fact]
    public async Task Show_PrintsOriginAndSubject()
    {
        var id = await server.SendAsync("show", "invoice.upcoming", PocketsflowEvents.NewWebhookId(), Token);

        var (exitCode, output) = await server.RunAsync(["events", "show", id], Token);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"Origin\s+webhook", output);
        Assert.Matches(@"Subject\s+\S", output);
    }

    [Fact]
    public async Task Show_PrintsTheSubjectTheEnvelopeRead()
    {
        var id = await server.SendAsync("show", "invoice.upcoming", PocketsflowEvents.NewWebhookId(), Token);

        var (exitCode, output) = await server.RunAsync(["events", "show", id], Token);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"Subject\s+6a43ce05fae6c4f0cb5a2193", output);
    }

    [Fact]
    public async Task Show_Json_IsTheApiEvent()
    {
        var webhookId = PocketsflowEvents.NewWebhookId();
        var id = await server.SendAsync("show", "invoice.paid", webhookId, Token);
        await server.WaitForStatusAsync(id, "delivered", Token);

        var (exitCode, output) = await server.RunAsync(["events", "show", id, "--json"], Token);

        Assert.Equal(0, exitCode);
        using var shown = JsonDocument.Parse(output);
        Assert.Equal(id, shown.RootElement.GetProperty("id").GetString());
        Assert.Equal(webhookId, shown.RootElement.GetProperty("payload").GetProperty("webhookId").GetString());
        Assert.Equal("invoice.paid", shown.RootElement.GetProperty("headers").GetProperty("X-Pocketsflow-Event").GetString());
        var delivery = Assert.Single(shown.RootElement.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Show_UnknownEvent_PrintsTheApiMessageAndFails()
    {
        var (exitCode, output) = await server.RunAsync(["events", "show", "hb_nope"], Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("404 no event has that id", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_DeadEvent_IsDeliveredAgain()
    {
        var webhookId = PocketsflowEvents.NewWebhookId();
        var id = await server.SendAsync("replay", "order.completed", webhookId, Token);
        await server.WaitForStatusAsync(id, "dead", Token);

        server.Heal("replay");
        var (exitCode, output) = await server.RunAsync(["events", "replay", id], Token);
        await server.WaitForStatusAsync(id, "delivered", Token);

        Assert.Equal(0, exitCode);
        Assert.Contains($"Replaying {id}", output, StringComparison.Ordinal);
        Assert.Equal(2, server.Destination.Received.Count(d => d.Body.Contains(webhookId, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Replay_UnknownEvent_SaysSoAndFails()
    {
        var (exitCode, output) = await server.RunAsync(["events", "replay", "hb_nope"], Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("404 no event has that id", output, StringComparison.Ordinal);
    }
}
