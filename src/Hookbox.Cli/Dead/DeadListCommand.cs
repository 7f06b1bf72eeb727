using System.CommandLine;
using System.Net;
using System.Text.Json;
using Spectre.Console;

namespace Hookbox.Cli;

/// <summary><c>hookbox dead list</c>: the events a delivery gave up on, each with why its dead deliveries failed.</summary>
internal static class DeadListCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var filters = new EventFilterOptions();
        var command = new Command("list", "List dead events, newest first, with each dead delivery's last error");
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
        var answer = await api.GetAsync(path, cancellationToken);
        if (!answer.IsSuccess)
            return answer.Fail(output);

        // The list holds no deliveries: each event's own answer says why it died.
        var page = answer.Read<EventPage>();
        var dead = new List<DeadEvent>(page.Items.Count);
        foreach (var summary in page.Items)
        {
            var details = await api.GetAsync($"/api/events/{Uri.EscapeDataString(summary.Id)}", cancellationToken);
            if (details.StatusCode == (int)HttpStatusCode.NotFound)
                continue; // pruned or gone between the two requests: nothing left to show

            if (!details.IsSuccess)
                return details.Fail(output);

            var deliveries = details.Read<EventDetails>().Deliveries;
            dead.Add(new DeadEvent(summary.Id, summary.Source, summary.EventId, summary.Type, summary.Status, summary.ReceivedAt, summary.Origin, summary.Subject, deliveries));
        }

        if (output.Json)
        {
            CliOutput.WriteJson(JsonSerializer.Serialize(new DeadEventPage(dead, page.Next), ApiJson.Options));
            return ExitCodes.Ok;
        }

        var errors = dead.ToDictionary(e => e.Id, LastErrors);
        EventTable.Write(output.Console, page.Items.Where(s => errors.ContainsKey(s.Id)).ToList(), page.Next, "No dead events.", s => errors[s.Id]);
        if (dead.Count > 0)
            output.Console.MarkupLine("[grey]hookbox dead replay runs them all again; hookbox events replay <id> one of them.[/]");

        return ExitCodes.Ok;
    }

    /// <summary>One line per dead delivery: its route and its last error.</summary>
    private static string LastErrors(DeadEvent dead) => string.Join(
        Environment.NewLine,
        dead.Deliveries
            .Where(d => d.Status == DeliveryStatus.Dead)
            .Select(d => $"{d.Route}: {d.LastError ?? "(no error recorded)"}"));
}
