using System.Diagnostics;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;

namespace Hookbox.Cli.Tests;

/// <summary>The real <c>hookbox</c> executable in its own process, as a user runs it.</summary>
internal sealed partial class HookboxProcess : IAsyncDisposable
{
    private static readonly string CliPath = typeof(HookboxProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HookboxCliPath").Value!;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HookboxProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; private set; } = null!; // set once the banner is read

    /// <summary>The admin token the server wants: the configured one, else the one it generated in its data directory.</summary>
    public string AdminToken { get; private set; } = null!; // set once the banner is read

    /// <summary>A client of this server that presents the admin token, for the caller to dispose.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The names of the process's threads, as the kernel keeps them (at most 15 characters).</summary>
    [UnsupportedOSPlatform("windows")]
    public IReadOnlyList<string> ThreadNames()
    {
        var names = new List<string>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
        {
            try
            {
                names.Add(File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'));
            }
            catch (IOException)
            {
                // The thread ended since it was listed (an idle pool worker retiring).
            }
        }

        return names;
    }

    /// <summary>Starts <c>hookbox serve</c> on a free port and waits for its banner.</summary>
    public static async Task<HookboxProcess> ServeAsync(string workingDirectory, IDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var server = new HookboxProcess(Start(["serve", "--urls", "http://127.0.0.1:0"], workingDirectory, environment));
        await Poll.UntilAsync(() => server.HasExited || ListeningOn().IsMatch(server.Output), "hookbox serve to print its banner", cancellationToken);
        var match = ListeningOn().Match(server.Output);
        if (!match.Success)
            throw new InvalidOperationException($"hookbox serve exited before listening:\n{server.Output}");

        server.BaseAddress = new Uri(match.Groups[1].Value);
        var dataDirectory = Path.Combine(workingDirectory, environment.TryGetValue("Hookbox__DataDirectory", out var configured) && configured is not null ? configured : "hookbox-data");
        server.AdminToken = environment.TryGetValue("Hookbox__Admin__Token", out var token) && token is not null
            ? token
            : File.ReadAllText(Path.Combine(dataDirectory, "admin.token")).Trim();
        return server;
    }

    /// <summary>Runs a hookbox command to completion.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string[] arguments, string workingDirectory, IDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        await using var run = new HookboxProcess(Start(arguments, workingDirectory, environment));
        await run._process.WaitForExitAsync(cancellationToken);
        run._process.WaitForExit(); // drains the redirected output
        return (run._process.ExitCode, run.Output);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as when the machine loses power mid-request.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private static Process Start(string[] arguments, string workingDirectory, IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        // Only what the test says: the machine's own Hookbox settings must not leak in.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Hookbox__", StringComparison.OrdinalIgnoreCase) || k is "POCKETSFLOW_WEBHOOK_SECRET" or "ASPNETCORE_URLS" or "HOOKBOX_TOKEN").ToList())
            start.Environment.Remove(name);

        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;

        lock (_output)
            _output.AppendLine(line);
    }

    [GeneratedRegex(@"Hookbox is listening on (http://[^\s,]+)")]
    private static partial Regex ListeningOn();
}
