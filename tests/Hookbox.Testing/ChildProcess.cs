using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Hookbox.Testing;

/// <summary>
/// A real process a test starts (dotnet, an installed or published hookbox, the sample built on
/// the packages), with its output kept for the test's checks and failure messages. Disposing it
/// kills what is still running.
/// </summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string CommandLine { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Starts the process <paramref name="start"/> describes, its output redirected as given there.</summary>
    public static ChildProcess Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var commandLine = string.Join(' ', start.ArgumentList.Prepend(start.FileName));
        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{commandLine} did not start."), commandLine);
    }

    /// <summary>Runs the process <paramref name="start"/> describes to its end: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, CancellationToken cancellationToken)
    {
        await using var run = Start(start);
        await run._process.WaitForExitAsync(cancellationToken);
        run._process.WaitForExit(); // drains the redirected output
        return (run._process.ExitCode, run.Output);
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        // Only what the test says: the machine's own Hookbox settings must not leak in, nor the
        // MSBuild of the `dotnet test` running this test (its SDK paths and node settings).
        foreach (var name in start.Environment.Keys.Where(k =>
                     k.StartsWith("Hookbox__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                     || k is "POCKETSFLOW_WEBHOOK_SECRET" or "ASPNETCORE_URLS" or "HOOKBOX_TOKEN").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The installed tool is an apphost: it finds the runtime this test runs on, wherever that is
        // installed (CoreLib, never in a single file here, is in <root>/shared/Microsoft.NETCore.App/<version>/).
        if (!start.Environment.TryGetValue("DOTNET_ROOT", out var root) || string.IsNullOrEmpty(root))
            start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

        return Start(start);
    }

    /// <summary>Runs a command to its end, or kills it and fails at <paramref name="deadline"/>; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan deadline, CancellationToken cancellationToken)
    {
        await using var run = Start(fileName, arguments, workingDirectory);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            await run._process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"`{run.CommandLine}` did not finish within {deadline.TotalSeconds:0} s; its output:\n{run.Output}");
        }

        run._process.WaitForExit(); // drains the redirected output
        return (run._process.ExitCode, run.Output);
    }

    /// <summary>Runs a command that must succeed; fails with its output otherwise.</summary>
    public static async Task<string> RunSuccessfullyAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunAsync(fileName, arguments, workingDirectory, deadline, cancellationToken);
        Assert.True(exitCode == 0, $"`{fileName} {string.Join(' ', arguments)}` exited with {exitCode}:\n{output}");
        return output;
    }

    /// <summary>Waits until the output has a line matching <paramref name="pattern"/>; fails if the process exits first.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            await Poll.UntilAsync(() => HasExited || pattern.IsMatch(Output), description, cancellationToken, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} `{CommandLine}` printed:\n{Output}", timeout);
        }

        var match = pattern.Match(Output);
        if (!match.Success)
            throw new InvalidOperationException($"`{CommandLine}` exited before {description}; its output:\n{Output}");

        return match;
    }

    /// <summary>Waits for <c>hookbox serve</c>'s banner and returns the address it listens on.</summary>
    public async Task<Uri> WaitForListeningAsync(CancellationToken cancellationToken) =>
        new((await WaitForOutputAsync(ListeningOn(), "hookbox serve to print its banner", cancellationToken)).Groups[1].Value);

    /// <summary>SIGTERM, as systemd and container runtimes stop a service; returns the exit code.</summary>
    public async Task<int> TerminateAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } }))
        {
            await kill!.WaitForExitAsync(cancellationToken); // null only for a shell-executed start that reuses a process
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
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
