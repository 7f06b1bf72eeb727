using System.CommandLine;
using System.Text.Json;

namespace Hookbox.Cli;

/// <summary>
/// The options every command that talks to a running Hookbox takes: where it is, the admin
/// token (found with no flags, see <see cref="AdminTokenLookup"/>), and <c>--json</c>. Anything
/// else on the line is configuration, as for <c>serve</c> (<c>--Hookbox:DataDirectory=…</c>), so
/// the token is found where the server finds it.
/// </summary>
internal sealed class ServerOptions
{
    public Option<string?> Url { get; } = new("--url") { Description = "Hookbox's address (default: ASPNETCORE_URLS, else ASPNETCORE_HTTP_PORTS on localhost, else http://localhost:5000)" };

    public Option<string?> Token { get; } = new("--token") { Description = "The admin token (default: --token-file, HOOKBOX_TOKEN, Hookbox:Admin:Token, else the admin.token file in the data directory)" };

    public Option<string?> TokenFile { get; } = new("--token-file") { Description = "A file holding the admin token, so it stays out of ps and the shell's history" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON instead of a table" };

    /// <summary>Adds the options to <paramref name="command"/> and lets configuration arguments through.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(TokenFile);
        command.Options.Add(Json);
        command.TreatUnmatchedTokensAsErrors = false;
    }

    /// <summary>
    /// The server's address and the admin token, from the command line, the environment, the
    /// configuration the server reads, and its data directory; null, once the reason is printed,
    /// when the command line is wrong.
    /// </summary>
    public (Uri BaseAddress, string? Token)? Resolve(ParseResult result, CliOutput output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        string[] configArgs = [.. result.UnmatchedTokens];
        if (CliConfiguration.UnknownOption(configArgs) is { } unknown)
        {
            output.Usage($"Unknown argument {unknown}: see --help for the options; configuration goes as --Hookbox:Key=value.");
            return null;
        }

        var (configuration, options) = CliConfiguration.Load(configArgs);
        var baseUrl = CliConfiguration.BaseUrl(result.GetValue(Url), configuration);
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseAddress))
        {
            output.Usage($"'{baseUrl}' is not an address such as http://localhost:5000.");
            return null;
        }

        var token = AdminTokenLookup.Find(result.GetValue(Token), result.GetValue(TokenFile), options, out var error);
        if (error is not null)
        {
            output.Usage(error);
            return null;
        }

        return (baseAddress, token);
    }

    /// <summary>Runs <paramref name="action"/> against the server the command line and configuration name.</summary>
    public async Task<int> RunAsync(ParseResult result, Func<HookboxApi, CliOutput, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var output = CliOutput.Create(result.GetValue(Json));
        if (Resolve(result, output) is not ({ } baseAddress, var token))
            return ExitCodes.Usage;

        var baseUrl = baseAddress.ToString().TrimEnd('/');
        using var api = new HookboxApi(baseAddress, token);
        try
        {
            return await action(api, output, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return output.Fail($"Could not reach Hookbox at {baseUrl}: {ex.Message}. Is 'hookbox serve' running?");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return output.Fail($"Hookbox at {baseUrl} did not answer within {api.Timeout.TotalMinutes:0} minutes; a replay may still be running there.");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A proxy's page, or another server on that port: say so rather than crash.
            return output.Fail($"{baseUrl} did not answer as the Hookbox events API does ({ex.Message}). Is --url right?");
        }
    }
}
