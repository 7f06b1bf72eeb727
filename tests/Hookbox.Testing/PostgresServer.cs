using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Hookbox.Testing;

/// <summary>
/// A PostgreSQL server of one test's own, which the test may stop and start again (outage tests):
/// a throwaway cluster in a temp directory, on a free port of 127.0.0.1, set up as
/// <c>.ci/postgres.sh</c>'s pg_start sets up the shared one.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private const int PortAttempts = 3;

    private readonly TempDirectory _directory = new();
    private readonly string _binaries;
    private readonly bool _asPostgresUser;
    private int _disposed;

    private PostgresServer(string binaries, bool asPostgresUser)
    {
        _binaries = binaries;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary><c>Host=127.0.0.1;Port={Port};Username=hookbox;Database=hookbox_test</c>; the same after a restart.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=hookbox;Database=hookbox_test";

    public int Port { get; private set; }

    private string DataDirectory => _directory.Combine("data");

    private string LogFile => _directory.Combine("postgres.log");

    /// <summary>
    /// Makes a cluster and starts it, with its database hookbox_test. Without PostgreSQL's server
    /// binaries the test is skipped, or fails when HOOKBOX_REQUIRE_POSTGRES is 1.
    /// </summary>
    public static async Task<PostgresServer> StartNewAsync(CancellationToken cancellationToken)
    {
        var binaries = await FindBinariesAsync(cancellationToken);
        if (binaries is null)
        {
            TestPostgres.Unavailable(
                "This test runs a PostgreSQL server of its own, and no server binaries (pg_ctl, initdb, postgres) were found " +
                $"in {TestPostgres.BinariesVariable}, pg_config --bindir, /usr/lib/postgresql/*/bin or PATH. " +
                "Run `bash .ci/run`, which installs PostgreSQL if it can, or install it (Debian: apt-get install postgresql).");
        }

        // initdb and postgres refuse to run as root (CI, containers): there they run as postgres.
        var server = new PostgresServer(binaries, asPostgresUser: Environment.UserName == "root");
        try
        {
            await server.CreateClusterAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the stopped server again, same port and data; returns once it accepts connections. Starting a running server throws.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RunCheckedAsync(PgCtl, ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60"], cancellationToken);
        await WaitUntilAcceptingAsync(cancellationToken);
    }

    /// <summary>A fast shutdown: connections are cut and the port refuses once this returns. Stopping a stopped server does nothing.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => StopAsync("fast", cancellationToken);

    /// <summary>Stops the server without a checkpoint and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        try
        {
            await StopAsync("immediate", CancellationToken.None);
        }
        finally
        {
            // Even after a failed stop: a postmaster whose directory is gone shuts itself down.
            _directory.Dispose();
        }
    }

    private string PgCtl => Path.Combine(_binaries, "pg_ctl");

    private async Task CreateClusterAsync(CancellationToken cancellationToken)
    {
        if (_asPostgresUser)
            await HandDirectoryToPostgresUserAsync(cancellationToken);

        // --no-sync skips only initdb's final flush of the fresh files; the server runs with fsync on.
        await RunCheckedAsync(
            Path.Combine(_binaries, "initdb"),
            ["-D", DataDirectory, "--auth=trust", "-U", "hookbox", "-E", "UTF8", "--locale=C", "--no-sync"],
            cancellationToken);

        // Durability is what Hookbox is for: tests run with the server flushing every commit.
        var configuration = Path.Combine(DataDirectory, "postgresql.conf");
        await File.AppendAllTextAsync(configuration, $"""

            # Written by Hookbox.Testing.PostgresServer, as .ci/postgres.sh's pg_start does.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{DataDirectory}'
            fsync = on
            synchronous_commit = on
            full_page_writes = on
            max_connections = 300
            shared_buffers = 128MB

            """, cancellationToken);

        // A port free now may be taken before the server binds it (parallel tests): try another.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            await File.AppendAllTextAsync(configuration, $"port = {Port.ToString(CultureInfo.InvariantCulture)}\n", cancellationToken);
            try
            {
                await StartAsync(cancellationToken);
                break;
            }
            catch (InvalidOperationException) when (attempt < PortAttempts && File.Exists(LogFile) && File.ReadAllText(LogFile).Contains("could not bind", StringComparison.Ordinal))
            {
                File.Delete(LogFile);
            }
        }

        await using var connection = new NpgsqlConnection(AdministrationConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("CREATE DATABASE hookbox_test", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task StopAsync(string mode, CancellationToken cancellationToken)
    {
        // No postmaster.pid: never started, stopped, or StartNewAsync failed early (perhaps before
        // the postgres user could run anything), so there is nothing to ask pg_ctl.
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            return;

        // pg_ctl status 3 is "not running": a postmaster.pid left by a crash.
        var status = await RunAsync(PgCtl, ["status", "-D", DataDirectory], cancellationToken);
        if (status.ExitCode == 3)
            return;

        await RunCheckedAsync(PgCtl, ["stop", "-D", DataDirectory, "-m", mode, "-w", "-t", "60"], cancellationToken);
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var connectionString = AdministrationConnectionString();
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        await using var connection = new NpgsqlConnection(connectionString);
                        await connection.OpenAsync(cancellationToken);
                        return true;
                    }
                    catch (NpgsqlException)
                    {
                        // Refused, or "the database system is starting up": not yet.
                        return false;
                    }
                },
                $"PostgreSQL to accept connections on 127.0.0.1:{Port}",
                cancellationToken,
                ReadyTimeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}\n{LogTail()}", exception);
        }
    }

    /// <summary>The always-present postgres database, unpooled, so no idle connection outlives a stop.</summary>
    private string AdministrationConnectionString() =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false, Timeout = 5 }.ConnectionString;

    /// <summary>Under root: the postgres user must own the directory and be able to reach it.</summary>
    private async Task HandDirectoryToPostgresUserAsync(CancellationToken cancellationToken)
    {
        if ((await RunAsync("id", ["-u", "postgres"], cancellationToken, asPostgresUser: false)).ExitCode != 0)
        {
            throw new InvalidOperationException(
                "The tests run as root, where PostgreSQL runs only as the postgres user, and there is none. " +
                "Install Debian's postgresql package (it creates the user), or: useradd --system --user-group postgres");
        }

        // Root (uid 0) with a postgres user is a Unix affair; this keeps the analyzer sure of it too.
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("PostgreSQL as the postgres user is for Unix.");

        // Only the directories TempDirectory made under the temp root are ours to open up.
        var tempRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.GetTempPath()));
        for (var directory = Path.GetDirectoryName(_directory.Path); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var mode = File.GetUnixFileMode(directory);
            if (mode.HasFlag(UnixFileMode.OtherExecute))
                continue;

            if (directory.Length <= tempRoot.Length || !directory.StartsWith(tempRoot, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The postgres user cannot reach {_directory.Path}: {directory} is not traversable by others. Run the tests with TMPDIR=/tmp.");
            }

            File.SetUnixFileMode(directory, mode | UnixFileMode.OtherExecute);
        }

        await RunCheckedAsync("chown", ["-R", "postgres:", _directory.Path], cancellationToken, asPostgresUser: false);
    }

    private async Task RunCheckedAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool asPostgresUser = true)
    {
        var result = await RunAsync(fileName, arguments, cancellationToken, asPostgresUser);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"`{result.Command}` exited with {result.ExitCode}:\n{result.Output}\n{LogTail()}");
    }

    /// <summary>Runs a command (as the postgres user under root, when <paramref name="asPostgresUser"/>), with a timeout.</summary>
    private Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool asPostgresUser = true)
    {
        var info = new ProcessStartInfo { FileName = fileName, WorkingDirectory = _directory.Path };
        if (asPostgresUser && _asPostgresUser)
        {
            info.FileName = "runuser";
            foreach (var argument in (string[])["-u", "postgres", "--", fileName])
                info.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        return RunAsync(info, cancellationToken);
    }

    private static async Task<CommandResult> RunAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var command = string.Join(' ', [info.FileName, .. info.ArgumentList]);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start `{command}`.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return new CommandResult(command, process.ExitCode, (await output + await error).Trim());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within {CommandTimeout.TotalSeconds:0} s.");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>HOOKBOX_TEST_POSTGRES_BIN, else pg_config's, else the highest /usr/lib/postgresql/*/bin, else PATH's; as .ci/postgres.sh.</summary>
    private static async Task<string?> FindBinariesAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<string?> { Environment.GetEnvironmentVariable(TestPostgres.BinariesVariable) };
        try
        {
            var pgConfig = await RunAsync(new ProcessStartInfo("pg_config") { ArgumentList = { "--bindir" } }, cancellationToken);
            if (pgConfig.ExitCode == 0)
                candidates.Add(pgConfig.Output);
        }
        catch (Win32Exception)
        {
            // No pg_config on PATH: the other places remain.
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .Select(directory => (Directory: directory, Version: double.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var version) ? version : 0))
                .OrderByDescending(installed => installed.Version)
                .Select(installed => Path.Combine(installed.Directory, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator));
        return candidates.FirstOrDefault(directory =>
            !string.IsNullOrWhiteSpace(directory) && ((string[])["pg_ctl", "initdb", "postgres"]).All(tool => IsProgram(Path.Combine(directory, tool))));
    }

    /// <summary>A file, or a link to one: PATH may hold links into a server's bin directory, dangling once it is removed.</summary>
    private static bool IsProgram(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.ResolveLinkTarget(returnFinalTarget: true) is null or { Exists: true };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string LogTail()
    {
        if (!File.Exists(LogFile))
            return "(no server log)";

        var lines = File.ReadAllLines(LogFile);
        return $"Server log ({LogFile}), last lines:\n{string.Join('\n', lines.TakeLast(40))}";
    }

    private sealed record CommandResult(string Command, int ExitCode, string Output);
}
