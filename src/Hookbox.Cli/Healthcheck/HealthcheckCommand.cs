using System.CommandLine;

namespace Hookbox.Cli;

/// <summary>
/// <c>hookbox healthcheck</c>: asks a running Hookbox's <c>/healthz</c> (or <c>/readyz</c>) and
/// exits 0 on a 200, 1 otherwise. Chiseled container images have no shell and no curl, so this
/// is what a Docker or compose <c>HEALTHCHECK</c> runs: the image's own executable.
/// </summary>
internal static class HealthcheckCommand
{
    // An orchestrator runs it every few seconds; a check that hangs tells it nothing.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var url = new Option<string?>("--url")
        {
            Description = "Hookbox's address (default: ASPNETCORE_URLS, else ASPNETCORE_HTTP_PORTS on localhost, else http://localhost:5000)",
        };
        var ready = new Option<bool>("--ready") { Description = "Ask /readyz (the inbox can record events now) instead of /healthz (the process answers)" };
        var command = new Command("healthcheck", "Exit 0 when a running Hookbox answers its health endpoint with 200, else 1")
        {
            url,
            ready,
        };

        // Configuration arguments (--urls=…) are read as serve reads them.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            string[] configArgs = [.. result.UnmatchedTokens];
            if (CliConfiguration.UnknownOption(configArgs) is { } unknown)
            {
                Console.Error.WriteLine($"Unknown argument {unknown}: see --help.");
                return ExitCodes.Usage;
            }

            var (configuration, _) = CliConfiguration.Load(configArgs);
            var baseUrl = CliConfiguration.BaseUrl(result.GetValue(url), configuration);
            if (!Uri.TryCreate($"{baseUrl}/{(result.GetValue(ready) ? "readyz" : "healthz")}", UriKind.Absolute, out var endpoint))
            {
                Console.Error.WriteLine($"'{baseUrl}' is not an address such as http://localhost:8080.");
                return ExitCodes.Usage;
            }

            return await CheckAsync(endpoint, cancellationToken);
        });
        return command;
    }

    private static async Task<int> CheckAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var answer = await client.GetAsync(endpoint, cancellationToken);
            var body = await answer.Content.ReadAsStringAsync(cancellationToken);
            Console.Out.WriteLine($"{endpoint}: {(int)answer.StatusCode} {body}");
            return answer.IsSuccessStatusCode ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"{endpoint}: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{endpoint}: no answer within {Timeout.TotalSeconds:0} s");
            return ExitCodes.Failed;
        }
    }
}
