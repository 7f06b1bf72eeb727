using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Hookbox.Deploy.Tests;

/// <summary>One hookbox process, its output collected as it comes.</summary>
internal sealed partial class RunningHookbox : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningHookbox(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static RunningHookbox Start(ProcessStartInfo start) =>
        new(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start"));

    /// <summary>Runs hookbox to its end: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, CancellationToken cancellationToken)
    {
        await using var run = Start(start);
        await run._process.WaitForExitAsync(cancellationToken);
        run._process.WaitForExit(); // drains the redirected output
        return (run._process.ExitCode, run.Output);
    }

    /// <summary>Waits for <c>serve</c>'s banner and returns the address it listens on.</summary>
    public async Task<Uri> WaitForListeningAsync(CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(() => HasExited || ListeningOn().IsMatch(Output), "hookbox serve to print its banner", cancellationToken, TimeSpan.FromSeconds(60));
        var match = ListeningOn().Match(Output);
        return match.Success
            ? new Uri(match.Groups[1].Value)
            : throw new InvalidOperationException($"hookbox serve exited before listening:\n{Output}");
    }

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
