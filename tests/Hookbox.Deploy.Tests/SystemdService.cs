using System.Diagnostics;
using System.Security.Cryptography;

namespace Hookbox.Deploy.Tests;

/// <summary>
/// hookbox serve started as systemd starts a <c>Type=notify</c> service, as far as .NET can tell.
/// On .NET 10, <c>SystemdHelpers.IsSystemdService()</c> (Microsoft.Extensions.Hosting.Systemd
/// 10.0.12) is true when the process's parent is named <c>systemd</c> (<c>/proc/&lt;ppid&gt;/comm</c>),
/// or when it is PID 1 with <c>NOTIFY_SOCKET</c> or <c>LISTEN_PID</c> set. So the parent here is
/// a shell run through a link named <c>systemd</c>; it passes SIGTERM on to hookbox, as systemd
/// signals a service's main process. As systemd does, it also sets <c>NOTIFY_SOCKET</c> (a unix
/// datagram socket the test bound), <c>INVOCATION_ID</c> and <c>SYSTEMD_EXEC_PID</c> (the
/// service's own pid, which later .NET versions compare with theirs).
/// </summary>
internal sealed class SystemdService : IAsyncDisposable
{
    // "$@" is hookbox's command line. The inner shell sets SYSTEMD_EXEC_PID to its pid and execs
    // hookbox, which keeps that pid; wait is run again after the trap, for hookbox's exit status.
    private const string Supervisor =
        "sh -c 'SYSTEMD_EXEC_PID=$$; export SYSTEMD_EXEC_PID; exec \"$@\"' sh \"$@\" & " +
        "child=$!; trap 'kill -TERM $child' TERM; wait $child; wait $child";

    private readonly TempDirectory _directory;

    private SystemdService(TempDirectory directory, NotifySocket notify, ChildProcess process, Uri baseAddress)
    {
        _directory = directory;
        Notify = notify;
        Process = process;
        BaseAddress = baseAddress;
    }

    public NotifySocket Notify { get; }

    /// <summary>The process named systemd, hookbox's parent: SIGTERM to it reaches hookbox, and it exits with hookbox's status.</summary>
    public ChildProcess Process { get; }

    /// <summary>Where it listens: chosen before the start, since READY=1 comes before the banner is printed.</summary>
    public Uri BaseAddress { get; }

    public static SystemdService Start(HookboxExecutable hookbox, IDictionary<string, string?> environment, TempDirectory directory)
    {
        var systemd = directory.Combine("systemd");
        File.CreateSymbolicLink(systemd, "/bin/sh");
        var notify = new NotifySocket(directory.Combine("notify.sock"));
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Pick()}");

        var serve = hookbox.StartInfo(["serve", "--urls", baseAddress.ToString()], directory.Path, environment);
        var start = new ProcessStartInfo(systemd)
        {
            WorkingDirectory = serve.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Supervisor);
        start.ArgumentList.Add("systemd");
        start.ArgumentList.Add(serve.FileName);
        foreach (var argument in serve.ArgumentList)
            start.ArgumentList.Add(argument);

        start.Environment.Clear();
        foreach (var (name, value) in serve.Environment)
            start.Environment[name] = value;

        start.Environment["NOTIFY_SOCKET"] = notify.Path;
        start.Environment["INVOCATION_ID"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return new SystemdService(directory, notify, ChildProcess.Start(start), baseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await Notify.DisposeAsync();
        _directory.Dispose();
    }
}
