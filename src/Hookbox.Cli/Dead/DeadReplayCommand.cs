using System.CommandLine;

namespace Hookbox.Cli;

/// <summary><c>hookbox dead replay</c>: runs every dead event's deliveries again, of one source or all.</summary>
internal static class DeadReplayCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var source = new Option<string?>("--source") { Description = "Only the dead events of this source" };
        var type = new Option<string?>("--type") { Description = "Only the dead events of this type" };
        var command = new Command("replay", "Replay every dead event; prints how many") { source, type };
        server.AddTo(command);
        command.SetAction((result, cancellationToken) => server.RunAsync(
            result,
            (api, output, token) => EventsReplayCommand.ReplayManyAsync(api, output, EventStatuses.Dead, result.GetValue(source), result.GetValue(type), token),
            cancellationToken));
        return command;
    }
}
