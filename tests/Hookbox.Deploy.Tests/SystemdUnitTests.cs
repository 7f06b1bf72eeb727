using System.Diagnostics;

namespace Hookbox.Deploy.Tests;

/// <summary>deploy/systemd/hookbox.service: what it promises in its README, and what systemd itself makes of it.</summary>
public sealed class SystemdUnitTests : IDisposable
{
    /// <summary>"1" turns a missing systemd-analyze from a skipped test into a failed one (set by <c>.ci/run</c>).</summary>
    public const string RequireVariable = "HOOKBOX_REQUIRE_SYSTEMD_ANALYZE";

    private static readonly string UnitPath = Repository.PathOf("deploy/systemd/hookbox.service");
    private static readonly SystemdUnitFile Unit = SystemdUnitFile.Read(UnitPath);

    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Unit_NotifyService_RunsServeFromUsrLocalBin()
    {
        Assert.Equal("notify", Unit.Get("Service", "Type"));
        Assert.Equal("/usr/local/bin/hookbox serve", Unit.Get("Service", "ExecStart"));
        Assert.Equal("on-failure", Unit.Get("Service", "Restart"));
    }

    [Fact]
    public void Unit_DataDirectory_IsTheStateDirectory()
    {
        Assert.Equal("hookbox", Unit.Get("Service", "StateDirectory"));
        Assert.Equal("/var/lib/hookbox", Unit.Get("Service", "WorkingDirectory"));
        Assert.Equal("/var/lib/hookbox", Unit.Environment()["Hookbox__DataDirectory"]);
    }

    [Fact]
    public void Unit_Secrets_ComeFromARootOnlyEnvironmentFileWhoseExampleNamesThePocketsflowSecret()
    {
        var example = File.ReadAllLines(Repository.PathOf("deploy/systemd/hookbox.env.example"));

        Assert.Equal("/etc/hookbox/hookbox.env", Unit.Get("Service", "EnvironmentFile"));
        Assert.Contains(example, line => line.StartsWith("POCKETSFLOW_WEBHOOK_SECRET=", StringComparison.Ordinal));
        Assert.Contains(example, line => line.Contains("0600", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DynamicUser", "yes")]
    [InlineData("ProtectSystem", "strict")]
    [InlineData("ProtectHome", "yes")]
    [InlineData("NoNewPrivileges", "yes")]
    [InlineData("PrivateTmp", "yes")]
    [InlineData("PrivateDevices", "yes")]
    [InlineData("CapabilityBoundingSet", "")]
    public void Unit_Hardening_IsSet(string key, string value) =>
        Assert.Equal(value, Unit.Get("Service", key));

    [Theory]
    // The JIT writes the code it runs: with it, the runtime cannot start.
    [InlineData("MemoryDenyWriteExecute")]
    // Hides /proc/1 from the service, where .NET older than SYSTEMD_EXEC_PID support looks for its systemd parent.
    [InlineData("ProtectProc")]
    public void Unit_SettingsThatBreakDotNet_AreNotSet(string key) =>
        Assert.Null(Unit.Get("Service", key));

    [Fact]
    public void Unit_StopTimeout_OutlastsTheHostsGracefulShutdown()
    {
        // The host gives hosted services 30 s (HostOptions.ShutdownTimeout) to drain.
        var stop = Unit.Get("Service", "TimeoutStopSec");

        Assert.NotNull(stop);
        Assert.True(int.Parse(stop.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture) > 30, stop);
    }

    [Fact]
    public async Task Verify_SystemdAnalyze_FindsNothingWrongWithTheUnit()
    {
        var unit = UnitWithExistingBinary();

        var (exitCode, output) = await SystemdAnalyzeAsync(["verify", unit]);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("hookbox.service", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Security_SystemdAnalyze_RatesTheUnitsExposureAtMostTwo()
    {
        var unit = UnitWithExistingBinary();

        // --threshold (in tenths: 20 is an exposure of 2.0, 0 safest, 10 most exposed) fails the
        // command above it, so a change that weakens the hardening fails here.
        var (exitCode, output) = await SystemdAnalyzeAsync(["security", "--offline=true", "--no-pager", "--threshold=20", unit]);

        Assert.True(exitCode == 0, output);
    }

    /// <summary>
    /// The unit with ExecStart pointing at a hookbox that exists here (verify checks it does): the
    /// published one, or this build's executable.
    /// </summary>
    private string UnitWithExistingBinary()
    {
        var binary = PublishedBinary.Find() ?? Path.ChangeExtension(Repository.CliDll, null);
        var path = _directory.Combine("hookbox.service");
        File.WriteAllText(path, File.ReadAllText(UnitPath).Replace("ExecStart=/usr/local/bin/hookbox ", $"ExecStart={binary} ", StringComparison.Ordinal));
        return path;
    }

    private static async Task<(int ExitCode, string Output)> SystemdAnalyzeAsync(string[] arguments)
    {
        var executable = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        if (executable is null)
        {
            const string message = "systemd-analyze is not installed (Debian: apt-get install systemd); `bash .ci/run` installs it.";
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
                Assert.Fail($"{message} {RequireVariable}=1, so this is a failure, not a skip.");

            Assert.Skip(message);
        }

        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!; // null only for a shell-executed start that reuses a process
        var output = process.StandardOutput.ReadToEndAsync(Token);
        var errors = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        return (process.ExitCode, await output + await errors);
    }
}
