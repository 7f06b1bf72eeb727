using System.Diagnostics;
using System.Security.Cryptography;

namespace Hookbox.Deploy.Tests;

/// <summary>
/// hookbox serve started the way systemd starts a <c>Type=notify</c> service: <c>NOTIFY_SOCKET</c>
/// names a datagram socket the test listens on, <c>INVOCATION_ID</c> is set, and
/// <c>SYSTEMD_EXEC_PID</c> is the service's own process id (systemd 248 and later set it; .NET's
/// <c>SystemdHelpers.IsSystemdService()</c> compares it with its own pid). A shell sets it to its
/// <c>$$</c> and then execs hookbox, which keeps that pid.
/// </summary>
internal sealed class SystemdService : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private SystemdService(TempDirectory directory, NotifySocket notify, RunningHookbox process, Uri baseAddress)
    {
        _directory = directory;
        Notify = notify;
        Process = process;
        BaseAddress = baseAddress;
    }

    public NotifySocket Notify { get; }

    public RunningHookbox Process { get; }

    /// <summary>Where it listens: chosen before the start, since READY=1 comes before the banner is printed.</summary>
    public Uri BaseAddress { get; }

    public static SystemdService Start(HookboxExecutable hookbox, IDictionary<string, string?> environment, TempDirectory directory)
    {
        var notify = new NotifySocket(directory.Combine("notify.sock"));
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Pick()}");
        var serve = hookbox.StartInfo(["serve", "--urls", baseAddress.ToString()], directory.Path, environment);
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = serve.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("SYSTEMD_EXEC_PID=$$; export SYSTEMD_EXEC_PID; exec \"$@\"");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(serve.FileName);
        foreach (var argument in serve.ArgumentList)
            start.ArgumentList.Add(argument);

        start.Environment.Clear();
        foreach (var (name, value) in serve.Environment)
            start.Environment[name] = value;

        start.Environment["NOTIFY_SOCKET"] = notify.Path;
        start.Environment["INVOCATION_ID"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return new SystemdService(directory, notify, RunningHookbox.Start(start), baseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await Notify.DisposeAsync();
        _directory.Dispose();
    }
}
