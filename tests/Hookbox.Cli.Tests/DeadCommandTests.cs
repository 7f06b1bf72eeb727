using System.Text.Json;

namespace Hookbox.Cli.Tests;

/// <summary><c>hookbox dead list|replay</c>: the dead-letter list of a running <c>hookbox serve</c>.</summary>
[Collection(CliServerGroup.Name)]
public sealed class DeadCommandTests(CliServer server)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("stripe")]
    [InlineData("-s", "stripe")]
    public async Task Replay_StrayArgument_ExitsWithoutReplayingAnything(params string[] stray)
    {
        var dead = await server.SendAsync("deadstray", "order.completed", PocketsflowEvents.NewWebhookId(), Token);
        await server.WaitForStatusAsync(dead, "dead", Token);

        var (exitCode, output) = await server.RunAsync(["dead", "replay", .. stray], Token);
        var (_, still) = await server.RunAsync(["dead", "list", "--source", "deadstray", "--json"], Token);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Unknown argument {stray[0]}", output, StringComparison.Ordinal);
        Assert.Contains(dead, still, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_DeadEvents_ShowsEachDeadDeliverysLastError()
    {
        var dead = await server.SendAsync("deadlist", "order.completed", PocketsflowEvents.NewWebhookId(), Token);
        var delivered = await server.SendAsync("deadlist", "invoice.paid", PocketsflowEvents.NewWebhookId(), Token);
        await server.WaitForStatusAsync(dead, "dead", Token);
        await server.WaitForStatusAsync(delivered, "delivered", Token);

        var (exitCode, output) = await server.RunAsync(["dead", "list", "--source", "deadlist"], Token);

        Assert.Equal(0, exitCode);
        Assert.Contains(dead, output, StringComparison.Ordinal);
        Assert.Contains("deadlist-all: HTTP 500", output, StringComparison.Ordinal);
        Assert.DoesNotContain(delivered, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_IsTheApiPageWithEachDeadEventsLastError()
    {
        var dead = await server.SendAsync("deadlist", "order.refunded", PocketsflowEvents.NewWebhookId(), Token);
        await server.WaitForStatusAsync(dead, "dead", Token);

        var (exitCode, output) = await server.RunAsync(["dead", "list", "--source", "deadlist", "--type", "order.refunded", "--json"], Token);

        Assert.Equal(0, exitCode);
        using var page = JsonDocument.Parse(output);
        var item = Assert.Single(page.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(dead, item.GetProperty("id").GetString());
        Assert.Equal("dead", item.GetProperty("status").GetString());
        Assert.Equal("deadlist-all", item.GetProperty("lastErrorRoute").GetString());
        Assert.StartsWith("HTTP 500", item.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, page.RootElement.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Replay_Source_ReplaysItsDeadEventsAndSaysHowMany()
    {
        string[] dead =
        [
            await server.SendAsync("deadreplay", "order.completed", PocketsflowEvents.NewWebhookId(), Token),
            await server.SendAsync("deadreplay", "order.refunded", PocketsflowEvents.NewWebhookId(), Token),
        ];
        var otherSource = await server.SendAsync("deadother", "order.completed", PocketsflowEvents.NewWebhookId(), Token);
        foreach (var id in dead.Append(otherSource))
            await server.WaitForStatusAsync(id, "dead", Token);

        server.Heal("deadreplay");
        server.Heal("deadother");
        var (exitCode, output) = await server.RunAsync(["dead", "replay", "--source", "deadreplay"], Token);
        foreach (var id in dead)
            await server.WaitForStatusAsync(id, "delivered", Token);

        Assert.Equal(0, exitCode);
        Assert.Contains("Replaying 2 events", output, StringComparison.Ordinal);
        // Another source's dead event is left for its own replay, although its destination is healed too.
        var (_, stillDead) = await server.RunAsync(["dead", "list", "--source", "deadother", "--json"], Token);
        Assert.Contains(otherSource, stillDead, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_Json_IsTheApiAnswer()
    {
        var (exitCode, output) = await server.RunAsync(["dead", "replay", "--source", "list", "--json"], Token);

        Assert.Equal(0, exitCode);
        using var answer = JsonDocument.Parse(output);
        Assert.Equal(0, answer.RootElement.GetProperty("replayed").GetInt32());
    }
}
