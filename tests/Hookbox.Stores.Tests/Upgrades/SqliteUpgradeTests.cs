using System.Runtime.CompilerServices;
using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hookbox.Stores.Tests;

/// <summary>
/// Upgrades (issue 13): an inbox file written by a released Hookbox, opened by today's code, is
/// migrated with nothing lost. The file is <c>Fixtures/hookbox-{release}.db</c>, written through
/// the store API of that release (<see cref="ReleaseInbox"/>), beside what that release read back
/// from it (<c>hookbox-{release}.expected.json</c>, an <see cref="InboxManifest"/>).
/// </summary>
/// <remarks>
/// At each release, regenerate with that release's code and keep the older files: run
/// <c>dotnet test tests/Hookbox.Stores.Tests --filter "FullyQualifiedName~WriteReleaseFixture" -- xUnit.Explicit=only</c>,
/// after setting <see cref="ReleaseInbox.Release"/> and <see cref="ReleaseInbox.SchemaVersion"/>
/// (and adding to <see cref="ReleaseInbox.WriteAsync"/> whatever the release's schema added), then
/// add a test like <see cref="MigrateAsync_InboxWrittenByTheFirstRelease_KeepsEverythingAndDedupesAgainstIt"/>
/// for the new file. The old files stay: each is a release someone may upgrade from.
/// </remarks>
public sealed class SqliteUpgradeTests : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<SqliteInboxStore> _stores = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();

        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private SqliteInboxStore Open(string path)
    {
        var store = new SqliteInboxStore(
            Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { DatabasePath = path }),
            Microsoft.Extensions.Options.Options.Create(new HookboxOptions { DataDirectory = Path.GetDirectoryName(path)! }),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteInboxStore>.Instance);
        _stores.Add(store);
        return store;
    }

    private static int ReadVersion(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return SqliteSchema.ReadVersion(connection);
    }

    [Fact]
    public async Task MigrateAsync_InboxWrittenByTheFirstRelease_KeepsEverythingAndDedupesAgainstIt()
    {
        var path = _directory.Combine("data/hookbox.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(FixturePath($"hookbox-{ReleaseInbox.Release}.db"), path);
        var expected = await File.ReadAllTextAsync(FixturePath($"hookbox-{ReleaseInbox.Release}.expected.json"), Token);
        var writtenAt = ReadVersion(path);

        var store = Open(path);
        await store.MigrateAsync(Token);
        var shown = await InboxManifest.ReadAsync(store, ReleaseInbox.Sources, Token);

        Assert.Equal(ReleaseInbox.SchemaVersion, writtenAt);
        Assert.Equal(SqliteSchema.LatestVersion, ReadVersion(path));
        Assert.Equal(expected, shown);

        // The manifest holds what the fixture is meant to: a fixture written wrong would compare equal to itself.
        var events = await store.ListEventsAsync(new EventQuery(null, null, null, 100, null), Token);
        Assert.Equal(Enum.GetValues<EventStatus>().Order(), events.Items.Select(e => e.Status).Distinct().Order());
        Assert.Equal(12, events.Items.Count);
        Assert.NotNull((await store.GetEventAsync(ReleaseInbox.Erased.Id, Token))!.ErasedAt);
        Assert.NotNull((await store.GetEventAsync(ReleaseInbox.Pruned.Id, Token))!.PayloadPrunedAt);
        var dead = (await store.GetEventAsync(ReleaseInbox.Dead.Id, Token))!;
        Assert.Equal(new DeliveryInfo("orders", DeliveryStatus.Dead, 2, "HTTP 500 Internal Server Error: {\"error\":\"no such order\"}", null), dead.Deliveries.Single(d => d.Route == "orders") with { NextAttemptAt = null });
        var recovered = (await store.GetEventAsync(ReleaseInbox.CatchUp.Id, Token))!.Summary;
        Assert.Equal((EventOrigin.CatchUp, "ord_5Kq9Xv"), (recovered.Origin, recovered.Subject));
        Assert.Equal(ReleaseInbox.Rejections.Length, (await store.ListRejectionsAsync(new RejectionQuery(null, 100, null), Token)).Items.Count);
        Assert.Equal(ReleaseInbox.Runs[0].WindowEnd, await store.GetCatchUpCursorAsync("pocketsflow", Token));
        Assert.False(await store.TryAcquireCatchUpAsync("stripe", "instance-b", ReleaseInbox.T0.AddMinutes(1), ReleaseInbox.T0.AddMinutes(12), Token));

        // New writes dedupe against the old rows: by event id, by a catch-up id, by a body digest.
        var again = await store.WriteBatchAsync(
        [
            ReleaseInbox.Delivered with { Id = HookboxId.New(TimeProvider.System) },
            ReleaseInbox.Pending with { Id = HookboxId.New(TimeProvider.System), Envelope = new EventEnvelope("wh_order_ord_5Kq9Xv", "order.completed", "ord_5Kq9Xv"), CatchUpId = ReleaseInbox.CatchUp.Envelope.EventId },
            ReleaseInbox.GitHubPush with { Id = HookboxId.New(TimeProvider.System), Envelope = new EventEnvelope("resent-under-a-new-id", "push") },
        ], [], Token);
        Assert.Equal(
            [new(AppendStatus.Duplicate, ReleaseInbox.Delivered.Id), new(AppendStatus.Duplicate, ReleaseInbox.CatchUp.Id), new(AppendStatus.Duplicate, ReleaseInbox.GitHubPush.Id)],
            again);
        Assert.Equal(12, (await store.ListEventsAsync(new EventQuery(null, null, null, 100, null), Token)).Items.Count);

        // And dispatch carries on where the release left it.
        var now = ReleaseInbox.T0.AddMinutes(20);
        var due = await store.LeaseAsync("orders", 10, now, now.AddMinutes(1), ReleaseInbox.MaxAttempts, Token);
        Assert.Equal([ReleaseInbox.Retrying.Id, ReleaseInbox.Pending.Id, ReleaseInbox.CatchUp.Id], due.Select(d => d.Event.Summary.Id).Order());
        Assert.Equal(2, due.Single(d => d.Event.Summary.Id == ReleaseInbox.Retrying.Id).Attempt);
    }

    [Fact(Explicit = true)]
    public async Task WriteReleaseFixture()
    {
        // Kept, not run by default: it writes into the source tree (see the class's remarks).
        var fixtures = Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "Fixtures"));
        Directory.CreateDirectory(fixtures);
        var written = _directory.Combine("written/hookbox.db");
        Directory.CreateDirectory(Path.GetDirectoryName(written)!);
        var store = Open(written);
        await store.MigrateAsync(Token);
        await ReleaseInbox.WriteAsync(store, Token);
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();

        // Small and whole: the WAL checkpointed in and removed, free pages dropped. The file stays
        // in WAL mode, as every inbox Hookbox leaves behind.
        using (var connection = new SqliteConnection($"Data Source={written};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;";
            command.ExecuteNonQuery();
        }

        Assert.False(File.Exists(written + "-wal"));
        Assert.Equal(ReleaseInbox.SchemaVersion, ReadVersion(written));
        var fixture = Path.Combine(fixtures, $"hookbox-{ReleaseInbox.Release}.db");
        File.Copy(written, fixture, overwrite: true);

        // What this release reads back from the very file committed.
        var copy = _directory.Combine("read/hookbox.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(fixture, copy);
        var reader = Open(copy);
        await reader.MigrateAsync(Token);
        await File.WriteAllTextAsync(Path.Combine(fixtures, $"hookbox-{ReleaseInbox.Release}.expected.json"), await InboxManifest.ReadAsync(reader, ReleaseInbox.Sources, Token), Token);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
