using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Spectre.Console;

namespace Hookbox.Cli;

/// <summary>
/// <c>hookbox catch-up &lt;source&gt;</c>: asks a running Hookbox to look at the source's sender's
/// API now, waits for that look and prints what it found; <c>--list</c> shows the recent looks.
/// </summary>
internal static class CatchUpCommand
{
    private const int MaxLimit = 100;

    /// <summary>Often enough that a quick look is printed at once, rarely enough to cost the server nothing.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A look fails by itself after CatchUp:RunTimeout (10 minutes by default); a minute more for it to be recorded.</summary>
    private static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(11);

    public static Command Create()
    {
        var server = new ServerOptions();
        var source = new Argument<string>("source") { Description = "The source whose sender to ask, as named under Hookbox:Sources" };
        var since = SinceOption.Create();
        var list = new Option<bool>("--list") { Description = "Show the source's recent looks instead of starting one" };
        var limit = new Option<int?>("--limit") { Description = $"With --list: how many looks, from 1 to {MaxLimit} (default 20)" };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value and (< 1 or > MaxLimit))
                result.AddError($"--limit must be from 1 to {MaxLimit}, not {value}.");
        });

        var command = new Command("catch-up", "Ask a source's sender which events exist, store those whose webhook never arrived, and print what the look found")
        {
            source, since, list, limit,
        };
        server.AddTo(command);
        command.SetAction((result, cancellationToken) => server.RunAsync(
            result,
            (api, output, token) =>
            {
                var name = result.GetValue(source)!; // required argument: the parser refuses a call without it
                if (result.GetValue(list))
                {
                    return result.GetValue(since) is null
                        ? ListAsync(api, output, name, result.GetValue(limit), token)
                        : Task.FromResult(output.Usage("--since starts a look; --list only shows the looks. Use one or the other."));
                }

                if (result.GetValue(limit) is not null)
                    return Task.FromResult(output.Usage("--limit goes with --list."));

                DateTimeOffset? from = null;
                if (result.GetValue(since) is { } text)
                {
                    if (!SinceOption.TryParse(text, TimeProvider.System.GetUtcNow(), out var parsed, out var error))
                        return Task.FromResult(output.Usage(error!)); // TryParse says why when it fails

                    from = parsed;
                }

                return LookAsync(api, output, name, from, token);
            },
            cancellationToken));
        return command;
    }

    private static string RunsPath(string source, int? limit) =>
        $"/api/sources/{Uri.EscapeDataString(source)}/catch-up?{HookboxApi.Query(("limit", limit?.ToString(CultureInfo.InvariantCulture)))}".TrimEnd('?');

    private static async Task<int> ListAsync(HookboxApi api, CliOutput output, string source, int? limit, CancellationToken cancellationToken)
    {
        var answer = await api.GetAsync(RunsPath(source, limit), cancellationToken);
        return answer.Print(output, () => CatchUpView.WriteRuns(output.Console, source, answer.Read<CatchUpRunList>().Runs));
    }

    private static async Task<int> LookAsync(HookboxApi api, CliOutput output, string source, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        // The newest look before ours: the one to wait for is a requested look that started after
        // it. Asking first also answers "no catch-up here" before anything is started.
        var before = await api.GetAsync(RunsPath(source, 1), cancellationToken);
        if (!before.IsSuccess)
            return before.Fail(output);

        var runs = before.Read<CatchUpRunList>().Runs;
        DateTimeOffset? previous = runs.Count > 0 ? runs[0].StartedAt : null;
        var path = $"/api/sources/{Uri.EscapeDataString(source)}/catch-up";
        var started = since is { } from
            ? await api.PostAsync(path, JsonSerializer.Serialize(new SinceBody(from.ToUniversalTime()), ApiJson.Options), cancellationToken)
            : await api.PostAsync(path, cancellationToken);
        if (!started.IsSuccess)
        {
            var failed = started.Fail(output);
            if (started.StatusCode == (int)HttpStatusCode.Conflict)
                output.Errors.MarkupLine($"[grey]hookbox catch-up {Markup.Escape(source)} --list shows it.[/]");

            return failed;
        }

        if (!output.Json)
            output.Errors.MarkupLine($"[grey]Asking {Markup.Escape(source)}'s API; waiting for the look to finish…[/]");

        var waitingSince = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var answer = await api.GetAsync(RunsPath(source, 10), cancellationToken);
            if (!answer.IsSuccess)
                return answer.Fail(output);

            var run = answer.Read<CatchUpRunList>().Runs
                .FirstOrDefault(r => r.Trigger == CatchUpTrigger.Request && (previous is null || r.StartedAt > previous));
            if (run is { FinishedAt: not null })
                return Print(output, source, run);

            if (TimeProvider.System.GetElapsedTime(waitingSince) > WaitLimit)
            {
                return output.Fail($"The look at {source}'s API did not finish within {WaitLimit.TotalMinutes:0} minutes; "
                                   + $"hookbox catch-up {source} --list shows how it went.");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static int Print(CliOutput output, string source, CatchUpRun run)
    {
        if (output.Json)
            CliOutput.WriteJson(JsonSerializer.Serialize(run, ApiJson.Options));
        else
            CatchUpView.WriteRun(output.Console, source, run);

        return run.Error is not null ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>The body of the POST: the time the look starts from.</summary>
    private sealed record SinceBody(DateTimeOffset Since);
}
