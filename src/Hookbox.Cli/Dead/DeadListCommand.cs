using System.CommandLine;
using Spectre.Console;

namespace Hookbox.Cli;

/// <summary><c>hookbox dead list</c>: the events a delivery gave up on, each with why its dead delivery failed.</summary>
internal static class DeadListCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var filters = new EventFilterOptions();
        var command = new Command("list", "List dead events, newest first, with each one's dead delivery and its last error");
        filters.AddTo(command);
        server.AddTo(command);
        command.SetAction((result, cancellationToken) => server.RunAsync(
            result,
            (api, output, token) => ListAsync(api, output, filters.ListPath(result, EventStatuses.Dead), token),
            cancellationToken));
        return command;
    }

    private static async Task<int> ListAsync(HookboxApi api, CliOutput output, string path, CancellationToken cancellationToken)
    {
        // One request a page: the list names each failing event's dead delivery and its last error.
        var answer = await api.GetAsync(path, cancellationToken);
        return answer.Print(output, () =>
        {
            var page = answer.Read<EventPage>();
            EventTable.Write(output.Console, page.Items, page.Next, "No dead events.", LastError);
            if (page.Items.Count > 0)
                output.Console.MarkupLine("[grey]hookbox dead replay runs them all again; hookbox events replay <id> one of them.[/]");
        });
    }

    /// <summary>The dead delivery's route and its last error.</summary>
    private static string LastError(EventSummary dead) =>
        $"{dead.LastErrorRoute ?? "(no route)"}: {dead.LastError ?? "(no error recorded)"}";
}
