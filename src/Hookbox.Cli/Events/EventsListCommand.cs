using System.CommandLine;

namespace Hookbox.Cli;

/// <summary><c>hookbox events list</c>: the events a running Hookbox holds, newest first, filtered and paged.</summary>
internal static class EventsListCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var filters = new EventFilterOptions();
        var status = new Option<string?>("--status") { Description = $"Only events in this status: {string.Join(", ", EventStatuses.All)}" };
        status.AcceptOnlyFromAmong([.. EventStatuses.All]);

        var command = new Command("list", "List events, newest first");
        filters.AddTo(command);
        command.Options.Add(status);
        server.AddTo(command);
        command.SetAction((result, cancellationToken) => server.RunAsync(
            result,
            (api, output, token) => ListAsync(api, output, filters.ListPath(result, result.GetValue(status)), token),
            cancellationToken));
        return command;
    }

    private static async Task<int> ListAsync(HookboxApi api, CliOutput output, string path, CancellationToken cancellationToken)
    {
        var answer = await api.GetAsync(path, cancellationToken);
        return answer.Print(output, () =>
        {
            var page = answer.Read<EventPage>();
            EventTable.Write(output.Console, page.Items, page.Next, "No events match.");
        });
    }
}
