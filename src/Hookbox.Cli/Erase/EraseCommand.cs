using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Hookbox.Cli;

/// <summary>
/// <c>hookbox erase</c>: a customer's deletion request. One event by its Hookbox id, or every
/// event about a subject (<c>--subject</c>) or naming an email (<c>--email</c>): their payloads
/// and headers are erased for good; their records stay, so a re-send is still a duplicate.
/// </summary>
internal static class EraseCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var id = new Argument<string?>("id") { Description = "The Hookbox id of the event to erase (hb_…); or use --subject or --email", Arity = ArgumentArity.ZeroOrOne };
        var subject = new Option<string?>("--subject") { Description = "Erase every event about this business key (an order or subscription id)" };
        var email = new Option<string?>("--email") { Description = "Erase every event whose payload holds this email address (any case)" };
        var command = new Command("erase", "Erase events' payloads and headers for a deletion request; prints how many") { id, subject, email };
        server.AddTo(command);
        command.SetAction((result, cancellationToken) => server.RunAsync(
            result,
            (api, output, token) => EraseAsync(api, output, result.GetValue(id), result.GetValue(subject), result.GetValue(email), token),
            cancellationToken));
        return command;
    }

    private static Task<int> EraseAsync(HookboxApi api, CliOutput output, string? id, string? subject, string? email, CancellationToken cancellationToken)
    {
        var named = new[] { id, subject, email }.Count(value => value is not null);
        if (named != 1)
        {
            return Task.FromResult(output.Usage(named == 0
                ? "Name what to erase: an event id, --subject <key> or --email <address>."
                : "Name one thing to erase: an event id, --subject or --email, not several."));
        }

        return id is not null
            ? EraseOneAsync(api, output, id, cancellationToken)
            : EraseManyAsync(api, output, subject is not null ? ("subject", subject) : ("email", email!), cancellationToken); // exactly one is set, checked above
    }

    private static async Task<int> EraseOneAsync(HookboxApi api, CliOutput output, string id, CancellationToken cancellationToken)
    {
        var answer = await api.DeleteAsync($"/api/events/{Uri.EscapeDataString(id)}", cancellationToken);
        return answer.Print(output, () =>
        {
            using var body = JsonDocument.Parse(answer.Body);
            output.Console.WriteLine($"Erased {id} (at {TimeFormat.Utc(body.RootElement.GetProperty("erasedAt").GetDateTimeOffset())})");
        });
    }

    private static async Task<int> EraseManyAsync(HookboxApi api, CliOutput output, (string Field, string Value) what, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Serialize(new Dictionary<string, string> { [what.Field] = what.Value });
        var answer = await api.PostAsync("/api/erase", request, cancellationToken);
        return answer.Print(output, () =>
        {
            using var body = JsonDocument.Parse(answer.Body);
            var erased = body.RootElement.GetProperty("erased").GetInt32();
            output.Console.WriteLine($"Erased {erased} {(erased == 1 ? "event" : "events")} by {what.Field}");
        });
    }
}
