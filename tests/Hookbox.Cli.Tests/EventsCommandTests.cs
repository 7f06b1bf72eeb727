using System.Net;
using System.Text.Json;

namespace Hookbox.Cli.Tests;

/// <summary><c>hookbox events replay</c> against a running <c>hookbox serve</c>.</summary>
public sealed class EventsCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Replay_DeadEvent_IsDeliveredAgain()
    {
        var failing = true;
        await using var destination = await DestinationServer.StartAsync(_ => Volatile.Read(ref failing) ? 500 : 200, Token);
        var environment = new Dictionary<string, string?>
        {
            ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_replay_test",
            ["Hookbox__Dispatch__MaxAttempts"] = "1",
            ["Hookbox__Routes__orders__Source"] = "pocketsflow",
            ["Hookbox__Routes__orders__Events__0"] = "*",
            ["Hookbox__Routes__orders__Url"] = destination.Url.ToString(),
            ["Hookbox__Routes__orders__Secret"] = Signatures.NewStandardWebhooksSecret(),
        };
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body("replay-me"), secret: "whsec_replay_test");
        using var answer = await client.SendAsync(request, Token);
        var id = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("id").GetString()!;
        await Poll.UntilAsync(async () => (await client.GetStringAsync($"/api/events/{id}", Token)).Contains("\"status\":\"dead\"", StringComparison.Ordinal), "the event to be dead", Token);

        Volatile.Write(ref failing, false);
        var (exitCode, output) = await HookboxProcess.RunAsync(["events", "replay", id, "--url", server.BaseAddress.ToString()], _directory.Path, environment, Token);
        await Poll.UntilAsync(() => destination.Received.Count == 2, "the replayed delivery", Token);

        Assert.Equal(0, exitCode);
        Assert.Contains($"Replaying {id}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_UnknownEvent_SaysSoAndFails()
    {
        var environment = new Dictionary<string, string?> { ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_replay_test" };
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);

        var (exitCode, output) = await HookboxProcess.RunAsync(["events", "replay", "hb_nope", "--url", server.BaseAddress.ToString()], _directory.Path, environment, Token);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{(int)HttpStatusCode.NotFound} no event has that id", output, StringComparison.Ordinal);
    }
}
