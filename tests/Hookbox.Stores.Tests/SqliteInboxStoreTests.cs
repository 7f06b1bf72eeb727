using System.Runtime.Versioning;
using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hookbox.Stores.Tests;

/// <summary>The store contract on the embedded SQLite inbox, plus what only SQLite has: a file, WAL, pragmas.</summary>
public sealed class SqliteInboxStoreTests : DeliveryContract
{
    private readonly TempDirectory _directory = new();
    private readonly List<SqliteInboxStore> _stores = [];

    private string DatabasePath => _directory.Combine("data/hookbox.db");

    protected override Task<IInboxStore> CreateStoreAsync(HookboxOptions options) => Task.FromResult<IInboxStore>(Open(options));

    protected override Task<IInboxStore> OpenAnotherInstanceAsync() => Task.FromResult<IInboxStore>(Open());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in _stores)
            await store.DisposeAsync();

        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private SqliteInboxStore Open(HookboxOptions? options = null, TimeSpan? busyTimeout = null)
    {
        var store = new SqliteInboxStore(
            Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { DatabasePath = DatabasePath, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(2) }),
            Microsoft.Extensions.Options.Options.Create(options ?? Options()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteInboxStore>.Instance);
        _stores.Add(store);
        return store;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    [Fact]
    public async Task MigrateAsync_NewFile_IsWalAtTheLatestSchemaVersion()
    {
        await AppendAsync(Event("1"));
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", command.ExecuteScalar());
        Assert.Equal(SqliteSchema.LatestVersion, SqliteSchema.ReadVersion(connection));
    }

    [Fact]
    public void Writer_CommitsWithSynchronousFullAndItsBusyTimeout()
    {
        using var writer = new SqliteWriter($"Data Source={DatabasePath};Pooling=False", TimeSpan.FromMilliseconds(1234));

        // 2 = FULL: the WAL is fsynced at every commit, so a 200 survives power loss. (This
        // build of SQLite defaults to FULL too; the busy timeout shows the writer's own settings ran.)
        Assert.Equal(2L, Pragma(writer, "synchronous"));
        Assert.Equal(1234L, Pragma(writer, "busy_timeout"));
        Assert.Equal(10_000L, Pragma(writer, "wal_autocheckpoint"));
    }

    [Fact]
    public void Writer_RelaxedForLeases_RestoresSynchronousFullAfterwards()
    {
        using var writer = new SqliteWriter($"Data Source={DatabasePath};Pooling=False", TimeSpan.FromSeconds(1));

        long during;
        using (writer.Relaxed())
            during = (long)Pragma(writer, "synchronous")!;

        Assert.Equal(1L, during); // NORMAL: leases and outcomes skip their own fsync
        Assert.Equal(2L, Pragma(writer, "synchronous"));
    }

    private static object? Pragma(SqliteWriter writer, string name)
    {
        using var command = writer.Connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return command.ExecuteScalar();
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void MigrateAsync_NewInbox_DirectoryAndFilesAreTheOwnersAlone()
    {
        var mode = File.GetUnixFileMode(DatabasePath);
        var directoryMode = File.GetUnixFileMode(Path.GetDirectoryName(DatabasePath)!);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, directoryMode);
    }

    [Fact]
    public async Task MigrateAsync_FileFromANewerHookbox_RefusesToStartAndSaysWhy()
    {
        using (var connection = Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA user_version = {SqliteSchema.LatestVersion + 1};";
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Open().MigrateAsync(Token));

        Assert.Contains("newer than this Hookbox knows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteBatch_AfterReopeningTheFile_StillDetectsDuplicates()
    {
        var first = Event("survives-restart");
        await AppendAsync(first);
        await ((SqliteInboxStore)Store).DisposeAsync();

        var reopened = Open();
        await reopened.MigrateAsync(Token);
        var again = (await reopened.WriteBatchAsync([Event("survives-restart")], [], Token))[0];

        Assert.Equal(new AppendResult(AppendStatus.Duplicate, first.Id), again);
    }

    [Fact]
    public async Task WriteBatch_WhileAnotherProcessHoldsTheWriteLock_FailsAfterTheBusyTimeoutAndRecovers()
    {
        var store = Open(busyTimeout: TimeSpan.FromMilliseconds(200));
        using var blocker = Connect();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        await Assert.ThrowsAsync<SqliteException>(() => store.WriteBatchAsync([Event("blocked")], [], Token));
        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        var result = (await store.WriteBatchAsync([Event("blocked")], [], Token))[0];
        Assert.Equal(AppendStatus.Accepted, result.Status);
    }
}
