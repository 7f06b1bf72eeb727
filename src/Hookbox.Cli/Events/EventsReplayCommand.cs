using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Hookbox.Cli;

/// <summary><c>hookbox events replay</c>: runs the deliveries of one event, or of every event a filter selects, again.</summary>
internal static class EventsReplayCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var id = new Argument<string?>("id") { Description = "The Hookbox id of the event (hb_…); omit it to replay every event --status and --source select", Arity = ArgumentArity.ZeroOrOne };
        var status = new Option<string?>("--status") { Description = "Replay every event in this status, such as dead" };
        status.AcceptOnlyFromAmong([.. EventStatuses.All]);
        var source = new Option<string?>("--source") { Description = "Replay every event of this source" };
        var type = new Option<string?>("--type") { Description = "Replay every event of this type" };

        var command = new Command("replay", "Run an event's deliveries again, dead ones included") { id, status, source, type };
        server.AddTo(command);
        command.SetAction((result, cancellationToken) => server.RunAsync(
            result,
            (api, output, token) => result.GetValue(id) is { } one
                ? ReplayOneAsync(api, output, one, token)
                : ReplayManyAsync(api, output, result.GetValue(status), result.GetValue(source), result.GetValue(type), token),
            cancellationToken));
        return command;
    }

    /// <summary><c>POST /api/events/replay</c> for the events that match; prints how many there were.</summary>
    public static async Task<int> ReplayManyAsync(HookboxApi api, CliOutput output, string? status, string? source, string? type, CancellationToken cancellationToken)
    {
        if (status is null && source is null)
            return output.Usage("Name an event id, or select the events with --status (and --source), such as --status dead.");

        var answer = await api.PostAsync($"/api/events/replay?{HookboxApi.Query(("status", status), ("source", source), ("type", type))}", cancellationToken);
        return answer.Print(output, () =>
        {
            using var body = JsonDocument.Parse(answer.Body);
            var replayed = body.RootElement.GetProperty("replayed").GetInt32();
            output.Console.MarkupLine($"Replaying {replayed} {(replayed == 1 ? "event" : "events")}");
        });
    }

    private static async Task<int> ReplayOneAsync(HookboxApi api, CliOutput output, string id, CancellationToken cancellationToken)
    {
        var answer = await api.PostAsync($"/api/events/{Uri.EscapeDataString(id)}/replay", cancellationToken);
        return answer.Print(output, () => output.Console.WriteLine($"Replaying {id}"));
    }
}
