using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Hookbox.Cli.Tests;

/// <summary>
/// <c>hookbox backup</c> and <c>hookbox restore</c> (issue 13) as real processes beside a real
/// <c>hookbox serve</c>: a backup taken under load holds every event acknowledged before it
/// began; a restore replaces the inbox only when nothing has it open and the backup is sound.
/// </summary>
public sealed class BackupCommandTests : IAsyncDisposable
{
    private const string Secret = "whsec_backup_test_secret";
    private const int Senders = 16;
    private const int AcknowledgedBeforeBackup = 2000;
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Inbox => _directory.Combine("hookbox-data/hookbox.db");

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<(int ExitCode, string Output)> RunAsync(string[] arguments, Dictionary<string, string?>? environment = null, CancellationToken? cancellationToken = null) =>
        HookboxProcess.RunAsync(arguments, _directory.Path, environment ?? ServeEnvironment.Pocketsflow(Secret), cancellationToken ?? Token);

    [Fact]
    public async Task Backup_WhileServeTakesEvents_RestoresEveryEventAcknowledgedBeforeItBegan()
    {
        var environment = ServeEnvironment.Pocketsflow(Secret);
        var acknowledged = new ConcurrentDictionary<string, (string Id, long At)>();
        var backup = _directory.Combine("backups/under-load.db");
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        long began, ended, loadStarted;
        int before, during;
        (int ExitCode, string Output) backedUp;
        await using (var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
            loadStarted = Stopwatch.GetTimestamp();
            var senders = Enumerable.Range(0, Senders).Select(s => SendAsync(server.BaseAddress, $"s{s}", acknowledged, stop.Token)).ToArray();
            await Poll.UntilAsync(() => acknowledged.Count >= AcknowledgedBeforeBackup, $"{AcknowledgedBeforeBackup} acknowledged events", Token);

            began = Stopwatch.GetTimestamp();
            before = acknowledged.Count;
            backedUp = await RunAsync(["backup", backup], environment);
            ended = Stopwatch.GetTimestamp();
            during = acknowledged.Count - before;

            // Ingest goes on after the backup too, then the senders stop.
            await Poll.UntilAsync(() => acknowledged.Count >= before + during + 100, "more events after the backup", Token);
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        var restored = _directory.Combine("restored");
        var restore = await RunAsync(["restore", backup, $"--Hookbox:DataDirectory={restored}"]);
        var stored = ReadEvents(Path.Combine(restored, "hookbox.db"));

        var seconds = Stopwatch.GetElapsedTime(began, ended).TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"backup took {seconds:0.00} s (process included); ingest {during / seconds:0} events/s during it, " +
            $"{before / Stopwatch.GetElapsedTime(loadStarted, began).TotalSeconds:0} events/s before it; {stored.Count} events in the backup\n{backedUp.Output}");
        Assert.True(backedUp.ExitCode == 0, backedUp.Output);
        Assert.Matches(@"Backed up .*hookbox\.db to .*under-load\.db: \d+ events, [\d.]+ (KB|MB), schema version \d+, in [\d.]+ s", backedUp.Output);
        Assert.True(restore.ExitCode == 0, restore.Output);
        Assert.Contains("There was no inbox there before.", restore.Output, StringComparison.Ordinal);
        var missing = acknowledged.Where(a => a.Value.At < began && (!stored.TryGetValue(a.Key, out var id) || id != a.Value.Id)).Select(a => a.Key).ToList();
        Assert.Empty(missing);

        // The restored inbox opens, and a sender's retry of an event in it is a duplicate of it.
        var restoredEnvironment = ServeEnvironment.Pocketsflow(Secret);
        restoredEnvironment["Hookbox__DataDirectory"] = restored;
        await using var restarted = await HookboxProcess.ServeAsync(_directory.Path, restoredEnvironment, Token);
        using var client = new HttpClient { BaseAddress = restarted.BaseAddress };
        var (eventId, first) = acknowledged.First(a => a.Value.At < began);
        using var again = PocketsflowEvents.Request(PocketsflowEvents.Body(eventId), secret: Secret);
        using var answer = await client.SendAsync(again, Token);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Token)).RootElement;
        Assert.Equal(("duplicate", first.Id), (body.GetProperty("status").GetString(), body.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Restore_WhileServeHasTheInbox_RefusesNamingTheLockFile_ThenRestoresOnceStopped()
    {
        var backup = _directory.Combine("kept.db");
        string keptId;
        await using (var server = await HookboxProcess.ServeAsync(_directory.Path, ServeEnvironment.Pocketsflow(Secret), Token))
        {
            keptId = await PostAsync(server.BaseAddress, "kept-in-the-backup");
            Assert.Equal(0, (await RunAsync(["backup", backup])).ExitCode);
            await PostAsync(server.BaseAddress, "after-the-backup");

            var (exitCode, output) = await RunAsync(["restore", backup]);

            Assert.Equal(1, exitCode);
            Assert.Contains($"Not restored: {Inbox} is in use: its lock file {Inbox}.lock is held by another process", output, StringComparison.Ordinal);
            Assert.Equal(["after-the-backup", "kept-in-the-backup"], ReadEvents(Inbox).Keys.Order());
        }

        var restored = await RunAsync(["restore", backup]);
        var previous = Directory.GetFiles(Path.GetDirectoryName(Inbox)!, "hookbox.db.before-restore-*");

        Assert.True(restored.ExitCode == 0, restored.Output);
        Assert.Contains($"Restored {backup} to {Inbox}: 1 events", restored.Output, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["kept-in-the-backup"] = keptId }, ReadEvents(Inbox));
        Assert.Contains($"The inbox it replaced is kept as {Assert.Single(previous)}", restored.Output, StringComparison.Ordinal);
        Assert.Equal(["after-the-backup", "kept-in-the-backup"], ReadEvents(previous[0]).Keys.Order());
        Assert.False(File.Exists(Inbox + "-wal") && new FileInfo(Inbox + "-wal").Length > 0); // no stale WAL to replay into it
    }

    [Fact]
    public async Task Serve_SecondOnTheSameInbox_RefusesNamingTheLockFile()
    {
        await using var first = await HookboxProcess.ServeAsync(_directory.Path, ServeEnvironment.Pocketsflow(Secret), Token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromMinutes(1)); // a second serve that started would run until killed

        var (exitCode, output) = await RunAsync(["serve", "--urls", "http://127.0.0.1:0"], cancellationToken: deadline.Token);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{Inbox} is in use: its lock file {Inbox}.lock is held by another process", output, StringComparison.Ordinal);
        Assert.Contains("run several instances on PostgreSQL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_ToAnExistingFile_RefusesWithoutForceAndReplacesItWith()
    {
        var backup = _directory.Combine("existing.db");
        await File.WriteAllTextAsync(backup, "an older backup, or anything else", Token);
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, ServeEnvironment.Pocketsflow(Secret), Token);
        await PostAsync(server.BaseAddress, "in-the-inbox");

        var refused = await RunAsync(["backup", backup]);
        var untouched = await File.ReadAllTextAsync(backup, Token);
        var forced = await RunAsync(["backup", backup, "--force"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"No backup was made: {backup} already exists", refused.Output, StringComparison.Ordinal);
        Assert.Equal("an older backup, or anything else", untouched);
        Assert.True(forced.ExitCode == 0, forced.Output);
        Assert.Equal(["in-the-inbox"], ReadEvents(backup).Keys);
        Assert.Equal([backup, Path.Combine(_directory.Path, "hookbox-data")], Directory.GetFileSystemEntries(_directory.Path).Order()); // no temporary file left
    }

    [Theory]
    [InlineData("not-sqlite", "is not an SQLite database")]
    [InlineData("damaged", "nothing was restored")]
    [InlineData("newer", "newer than this Hookbox knows")]
    [InlineData("not-an-inbox", "is an SQLite database but not a Hookbox inbox")]
    public async Task Restore_BackupThatCannotBeUsed_RefusesAndLeavesNothing(string kind, string expected)
    {
        var backup = _directory.Combine($"{kind}.db");
        WriteUnusableBackup(kind, backup);

        var (exitCode, output) = await RunAsync(["restore", backup]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"Not restored: {backup}", output, StringComparison.Ordinal);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Equal([Inbox + ".lock"], Directory.GetFiles(Path.GetDirectoryName(Inbox)!)); // no inbox, no temporary copy
    }

    [Theory]
    [InlineData("backup", "use pg_dump")]
    [InlineData("restore", "use pg_restore")]
    public async Task BackupAndRestore_PostgreSqlConfigured_RefuseAndPointToItsTools(string command, string expected)
    {
        var environment = ServeEnvironment.Pocketsflow(Secret).OnPostgreSql("Host=127.0.0.1;Database=hookbox");

        var (exitCode, output) = await RunAsync([command, _directory.Combine("inbox.backup")], environment);

        Assert.Equal(1, exitCode);
        Assert.Contains($"The inbox is on postgresql (Hookbox:Store:Provider), not in an SQLite file: {expected}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_NoInboxYet_RefusesSayingWhere()
    {
        var (exitCode, output) = await RunAsync(["backup", _directory.Combine("nothing.db")]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"There is no inbox at {Inbox}", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("nothing.db")));
    }

    private static void WriteUnusableBackup(string kind, string path)
    {
        if (kind == "not-sqlite")
        {
            File.WriteAllText(path, """{"this":"is JSON, not a database"}""");
            return;
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = kind switch
            {
                "newer" => "CREATE TABLE events (seq INTEGER PRIMARY KEY); PRAGMA user_version = 999;",
                "not-an-inbox" => "CREATE TABLE notes (text TEXT);",
                _ => "CREATE TABLE events (seq INTEGER PRIMARY KEY, body TEXT); CREATE INDEX events_body ON events (body); " +
                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO events (body) SELECT printf('%0100d', i) FROM n; PRAGMA user_version = 1;",
            };
            command.ExecuteNonQuery();
        }

        if (kind == "damaged")
        {
            // Pages past the first overwritten: the header still says SQLite, its b-trees are garbage.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.Position = 4096 * 3;
            file.Write(Enumerable.Repeat((byte)0x5A, 4096 * 4).ToArray());
        }
    }

    /// <summary>The events of an inbox file, sender's event id to Hookbox id.</summary>
    private static Dictionary<string, string> ReadEvents(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id, id FROM events";
        using var reader = command.ExecuteReader();
        var events = new Dictionary<string, string>();
        while (reader.Read())
            events[reader.GetString(0)] = reader.GetString(1);

        return events;
    }

    private static async Task<string> PostAsync(Uri baseAddress, string eventId)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(eventId), secret: Secret);
        using var response = await client.SendAsync(request, Token);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Posts new events until stopped, recording each one answered 200 with its id and when the answer came.</summary>
    private static async Task SendAsync(Uri baseAddress, string prefix, ConcurrentDictionary<string, (string Id, long At)> acknowledged, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var eventId = $"{prefix}-{n}";
            try
            {
                using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(eventId), secret: Secret);
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                    continue;

                var at = Stopwatch.GetTimestamp();
                var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
                acknowledged[eventId] = (answer.GetProperty("id").GetString()!, at);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
