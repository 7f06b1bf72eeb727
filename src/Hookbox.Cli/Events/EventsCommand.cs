using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Hookbox.Cli;

/// <summary><c>hookbox events replay</c>: asks a running Hookbox, through its events API, to run deliveries again.</summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("id") { Description = "The Hookbox id of the event (hb_…); omit it to replay every event --status and --source select", Arity = ArgumentArity.ZeroOrOne };
        var status = new Option<string?>("--status") { Description = "Replay every event in this status, such as dead" };
        var source = new Option<string?>("--source") { Description = "Replay every event of this source" };
        var url = new Option<string?>("--url") { Description = "Hookbox's address (default: ASPNETCORE_URLS, else http://localhost:5000)" };
        var token = new Option<string?>("--token") { Description = "The admin token (default: Hookbox:Admin:Token from the configuration)" };

        var replay = new Command("replay", "Run an event's deliveries again, dead ones included")
        {
            id, status, source, url, token,
        };
        replay.TreatUnmatchedTokensAsErrors = false;
        replay.SetAction((result, cancellationToken) => ReplayAsync(
            result.GetValue(id), result.GetValue(status), result.GetValue(source), result.GetValue(url), result.GetValue(token), [.. result.UnmatchedTokens], cancellationToken));

        return new Command("events", "Work with the events of a running Hookbox") { replay };
    }

    private static async Task<int> ReplayAsync(string? id, string? status, string? source, string? url, string? token, string[] configArgs, CancellationToken cancellationToken)
    {
        if (id is null && status is null)
        {
            Console.Error.WriteLine("Name an event id, or select the events with --status (and --source), such as --status dead.");
            return 1;
        }

        // Configuration may follow (--Hookbox:Admin:Token=…); a mistyped option must not widen a bulk replay.
        if (configArgs.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && !a.Contains(':', StringComparison.Ordinal)) is { } unknown)
        {
            Console.Error.WriteLine($"Unknown option {unknown}.");
            return 1;
        }

        var (configuration, options) = CliConfiguration.Load(configArgs);
        var baseUrl = CliConfiguration.BaseUrl(url, configuration);
        var path = id is not null
            ? $"/api/events/{Uri.EscapeDataString(id)}/replay"
            : $"/api/events/replay?{Query(("status", status), ("source", source))}";

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        if ((token ?? options.Admin.Token) is { } adminToken)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);

        try
        {
            using var response = await http.PostAsync(path, content: null, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"{(int)response.StatusCode} {Message(body)}");
                return 1;
            }

            if (id is not null)
            {
                Console.WriteLine($"Replaying {id}");
            }
            else
            {
                using var answer = JsonDocument.Parse(body);
                Console.WriteLine($"Replaying {answer.RootElement.GetProperty("replayed").GetInt32()} events");
            }

            return 0;
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"Could not reach Hookbox at {baseUrl}: {ex.Message}. Is 'hookbox serve' running?");
            return 1;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Hookbox at {baseUrl} did not answer within {http.Timeout.TotalMinutes:0} minutes; the replay may still be running there.");
            return 1;
        }
    }

    private static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}")); // filtered to set values above

    private static string Message(string body)
    {
        try
        {
            using var error = JsonDocument.Parse(body);
            return error.RootElement.GetProperty("message").GetString() ?? body;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body;
        }
    }
}
