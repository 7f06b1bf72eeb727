using System.CommandLine;

namespace Hookbox.Cli;

/// <summary><c>hookbox events show &lt;id&gt;</c>: one event with its headers, payload and deliveries.</summary>
internal static class EventsShowCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var id = new Argument<string>("id") { Description = "The Hookbox id of the event (hb_…)" };
        var command = new Command("show", "Show an event: headers, payload and every delivery") { id };
        server.AddTo(command);
        command.SetAction((result, cancellationToken) => server.RunAsync(
            result,
            (api, output, token) => ShowAsync(api, output, result.GetValue(id)!, token), // required argument: the parser refuses a call without it
            cancellationToken));
        return command;
    }

    private static async Task<int> ShowAsync(HookboxApi api, CliOutput output, string id, CancellationToken cancellationToken)
    {
        var answer = await api.GetAsync($"/api/events/{Uri.EscapeDataString(id)}", cancellationToken);
        return answer.Print(output, () => EventDetailsView.Write(output.Console, answer.Read<EventDetails>()));
    }
}
