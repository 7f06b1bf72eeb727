using System.Runtime.Versioning;
using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hookbox.Stores.Tests;

/// <summary>The store contract on the embedded SQLite inbox, plus what only SQLite has: a file, WAL, pragmas.</summary>
public sealed class SqliteInboxStoreTests : StoreContract
{
    private readonly TempDirectory _directory = new();
    private readonly List<SqliteInboxStore> _stores = [];

    private string DatabasePath => _directory.Combine("data/hookbox.db");

    protected override Task<IInboxStore> CreateStoreAsync(HookboxOptions options) => Task.FromResult<IInboxStore>(Open(options));

    protected override Task<IInboxStore> OpenAnotherInstanceAsync() => Task.FromResult<IInboxStore>(Open());

    protected override Task SetSubjectKeyAsync(string subject, long key)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE events SET subject_key = $key WHERE subject = $subject";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$subject", subject);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in _stores)
            await store.DisposeAsync();

        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private SqliteInboxStore Open(HookboxOptions? options = null, TimeSpan? busyTimeout = null, string? path = null)
    {
        var store = new SqliteInboxStore(
            Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { DatabasePath = path ?? DatabasePath, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(2) }),
            Microsoft.Extensions.Options.Options.Create(options ?? Options()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteInboxStore>.Instance);
        _stores.Add(store);
        return store;
    }

    private SqliteConnection Connect(string? path = null)
    {
        var connection = new SqliteConnection($"Data Source={path ?? DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A file as an older Hookbox left it: its schema at <paramref name="version"/>, holding what <paramref name="sql"/> writes.</summary>
    private string SeedFile(string name, int version, string sql)
    {
        var path = _directory.Combine($"{name}/hookbox.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = Connect(path);
        SqliteSchema.Migrate(connection, version);
        Execute(connection, sql);
        Assert.Equal(version, SqliteSchema.ReadVersion(connection));
        return path;
    }

    private List<string> IndexesOf(string path)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events';";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
            names.Add(reader.GetString(0));

        return names;
    }

    private int VersionOf(string path)
    {
        using var connection = Connect(path);
        return SqliteSchema.ReadVersion(connection);
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
    public void Writer_CommitsWithSynchronousNormalAndItsBusyTimeout()
    {
        using var writer = new SqliteWriter($"Data Source={DatabasePath};Pooling=False", TimeSpan.FromMilliseconds(1234));

        // 1 = NORMAL: a commit is not fsynced by SQLite; a durable one waits for SqliteWalSync.
        // (The busy timeout shows the writer's own settings ran.)
        Assert.Equal(1L, Pragma(writer, "synchronous"));
        Assert.Equal(1234L, Pragma(writer, "busy_timeout"));
        Assert.Equal(10_000L, Pragma(writer, "wal_autocheckpoint"));
    }

    [Fact]
    public async Task Writer_SyncAsync_SyncsTheWal_OnceForThoseThatWaitTogether()
    {
        using var writer = new SqliteWriter($"Data Source={DatabasePath};Pooling=False", TimeSpan.FromSeconds(1));

        await writer.SyncAsync();
        Assert.Equal(1, writer.Syncs);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => writer.SyncAsync()));
        Assert.InRange(writer.Syncs, 2, 21);
    }

    [Fact]
    public async Task WriteBatchAsync_ReturnsOnceAWalSyncHasEnded_LeasesAndOutcomesWaitForNone()
    {
        var store = (SqliteInboxStore)Store;

        await store.WriteBatchAsync([Event("evt-synced", routes: ["orders"])], [], Token);
        var afterAppend = store.WalSyncs;
        var leased = await store.LeaseAsync("orders", 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(1), 8, Token);
        await store.CompleteAsync([new DeliveryOutcome(leased[0].EventSequence, "orders", leased[0].LeaseId, DeliveryOutcomeKind.Succeeded, null, null)], Token);

        Assert.Equal(1, afterAppend);
        Assert.Equal(1, store.WalSyncs);
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
        await ((SqliteInboxStore)Store).DisposeAsync(); // closed, as when a newer Hookbox stopped
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
    public async Task WriteBatch_InsertSqliteRefuses_FailsWithItsErrorAndStoresNothingOfTheBatch_ThenTheNextIsStored()
    {
        // The insert conflicts on (source, event id) only: another event under a stored Hookbox id
        // breaks events_id, a refusal SQLite makes in the insert's own step.
        var stored = Event("first");
        await AppendAsync(stored);

        var refused = await Assert.ThrowsAsync<SqliteException>(() => Store.WriteBatchAsync([Event("second"), Event("third", id: stored.Id)], [], Token));
        var next = await AppendAsync(Event("second"));
        var page = await Store.ListEventsAsync(new EventQuery(null, null, null, 10, null), Token);

        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("events.id", refused.Message, StringComparison.Ordinal);
        Assert.Equal(AppendStatus.Accepted, next.Status);
        Assert.Equal(["second", "first"], page.Items.Select(e => e.EventId));
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

    [Fact]
    public async Task MigrateAsync_FileOfTheFirstSchema_KeepsEveryEventAndRejectionAsWritten()
    {
        // Schema version 1, the oldest: no deliveries yet, so every event was 'pending' (nothing
        // handed them on); since version 2 an event no route took is 'unrouted'. One with a
        // sender timestamp and one without a content type; two rejections, one without a length.
        var path = SeedFile("v1", 1,
            """
            INSERT INTO events (id, source, event_id, type, status, received_at, sender_timestamp, content_type, headers, body)
            VALUES ('hb_v1_a', 'pocketsflow', 'from-v1-a', 'order.completed', 'pending', 1764406800000, 1764406799000, 'application/json', CAST('{"X-Pocketsflow-Event":"order.completed"}' AS BLOB), CAST('{"webhookId":"from-v1-a","amount":29.99}' AS BLOB)),
                   ('hb_v1_b', 'stripe', 'evt_v1_b', 'invoice.paid', 'pending', 1764406801000, NULL, NULL, CAST('{}' AS BLOB), CAST('{"id":"evt_v1_b","type":"invoice.paid"}' AS BLOB));
            INSERT INTO rejections (source, received_at, status_code, error, message, headers, body_bytes)
            VALUES ('pocketsflow', 1764406802000, 401, 'invalid_signature', 'the signature does not match the body', CAST('{"X-Pocketsflow-Signature":"sha256:9f86"}' AS BLOB), 512),
                   ('stripe', 1764406803000, 400, 'invalid_json', 'the body is not valid JSON', CAST('{}' AS BLOB), NULL);
            """);

        var store = Open(path: path);
        await store.MigrateAsync(Token);
        var a = (await store.GetEventAsync("hb_v1_a", Token))!;
        var b = (await store.GetEventAsync("hb_v1_b", Token))!;
        var rejections = await store.ListRejectionsAsync(new RejectionQuery(null, 10, null), Token);
        var again = await store.WriteBatchAsync([Event("from-v1-a"), Event("evt_v1_b", source: "stripe", type: "invoice.paid")], [], Token);
        var unrouted = await store.ListEventsAsync(new EventQuery(null, null, EventStatus.Unrouted, 10, null), Token);

        Assert.Equal(SqliteSchema.LatestVersion, VersionOf(path));
        var receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1764406800000);
        Assert.Equal(new EventSummary("hb_v1_a", "pocketsflow", "from-v1-a", "order.completed", EventStatus.Unrouted, receivedAt, EventOrigin.Webhook, null), a.Summary);
        Assert.Equal((receivedAt.AddSeconds(-1), "application/json", null, null), (a.SenderTimestamp, a.ContentType, a.PayloadPrunedAt, a.ErasedAt));
        Assert.Equal("{\"X-Pocketsflow-Event\":\"order.completed\"}", System.Text.Encoding.UTF8.GetString(a.Headers.Span));
        Assert.Equal("{\"webhookId\":\"from-v1-a\",\"amount\":29.99}", System.Text.Encoding.UTF8.GetString(a.Body.Span));
        Assert.Empty(a.Deliveries);
        Assert.Equal((EventStatus.Unrouted, null, null), (b.Summary.Status, b.SenderTimestamp, b.ContentType));
        Assert.Equal("{\"id\":\"evt_v1_b\",\"type\":\"invoice.paid\"}", System.Text.Encoding.UTF8.GetString(b.Body.Span));
        Assert.Equal(["hb_v1_a", "hb_v1_b"], unrouted.Items.Select(e => e.Id).Order());
        Assert.Equal(
            [("stripe", 400, "invalid_json", "the body is not valid JSON", (long?)null, "{}"), ("pocketsflow", 401, "invalid_signature", "the signature does not match the body", (long?)512, "{\"X-Pocketsflow-Signature\":\"sha256:9f86\"}")],
            rejections.Items.Select(r => (r.Rejection.Source, r.Rejection.StatusCode, r.Rejection.Error, r.Rejection.Message, r.Rejection.BodyBytes, System.Text.Encoding.UTF8.GetString(r.Rejection.Headers.Span))));
        Assert.Equal([new(AppendStatus.Duplicate, "hb_v1_a"), new(AppendStatus.Duplicate, "hb_v1_b")], again);
    }

    [Fact]
    public async Task MigrateAsync_SecondStoreOnAnOpenInbox_RefusesNamingTheLockFile()
    {
        // The store of this test class has the inbox open; another, as a second hookbox serve would.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Open().MigrateAsync(Token));

        Assert.Contains(DatabasePath + ".lock is held by another process", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_ReleasesTheInboxLock_SoTheNextStoreOpensIt()
    {
        await ((SqliteInboxStore)Store).DisposeAsync();

        var next = Open();
        await next.MigrateAsync(Token);

        Assert.Equal(AppendStatus.Accepted, (await next.WriteBatchAsync([Event("after-the-first-closed")], [], Token))[0].Status);
    }

    [Fact]
    public async Task MigrateAsync_FileFromBeforeRetention_KeepsItsEventsWhichCanThenBePruned()
    {
        // A file as the Hookbox before retention left it: schema version 2, an event delivered in 2020.
        var path = SeedFile("v2", 2,
            """
            INSERT INTO events (id, source, event_id, type, status, received_at, sender_timestamp, content_type, headers, body)
            VALUES ('hb_v2', 'pocketsflow', 'from-v2', 'order.completed', 'delivered', 1577836800000, NULL, 'application/json', CAST('{"Host":"x"}' AS BLOB), CAST('{"webhookId":"from-v2"}' AS BLOB));
            INSERT INTO deliveries (event_seq, route, status, attempts, next_attempt_at) VALUES (last_insert_rowid(), 'orders', 'succeeded', 1, 1577836800000);
            """);

        var store = Open(path: path);
        await store.MigrateAsync(Token);
        var before = await store.GetEventAsync("hb_v2", Token);
        var pruned = await store.PrunePayloadsAsync(DateTimeOffset.UnixEpoch.AddYears(60), DateTimeOffset.UnixEpoch.AddYears(56), 10, Token);
        var again = (await store.WriteBatchAsync([Event("from-v2")], [], Token))[0];

        Assert.Equal(SqliteSchema.LatestVersion, VersionOf(path));
        Assert.NotNull(before);
        Assert.Null(before.PayloadPrunedAt);
        Assert.Equal("{\"webhookId\":\"from-v2\"}", System.Text.Encoding.UTF8.GetString(before.Body.Span));
        Assert.Equal(EventStatus.Delivered, before.Summary.Status);
        Assert.Equal(1, pruned);
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, "hb_v2"), again);
    }

    [Fact]
    public async Task MigrateAsync_FileFromBeforeErasure_KeepsItsEventsWhichCanThenBeErased()
    {
        // A file as the Hookbox before erasure left it: schema version 5, one event.
        var path = SeedFile("old", 5,
            """
            INSERT INTO events (id, source, event_id, type, status, received_at, sender_timestamp, content_type, headers, body, subject)
            VALUES ('hb_old', 'pocketsflow', 'from-old', 'order.completed', 'unrouted', 1796126400000, NULL, 'application/json', CAST('{"Host":"x"}' AS BLOB), CAST('{"webhookId":"from-old"}' AS BLOB), 'ord_old');
            """);

        var store = Open(path: path);
        await store.MigrateAsync(Token);
        var migrated = await store.GetEventAsync("hb_old", Token);
        var erased = await store.EraseSubjectAsync("ord_old", DateTimeOffset.UnixEpoch.AddYears(57), Token);

        Assert.NotNull(migrated);
        Assert.Null(migrated.ErasedAt);
        Assert.Equal(1, erased);
        Assert.Empty((await store.GetEventAsync("hb_old", Token))!.Body.ToArray());
    }

    [Fact]
    public async Task MigrateAsync_FileFromBeforeSubjectKeys_FindsItsEventsBySubject()
    {
        // A file as the Hookbox before subject keys left it (schema version 6): two events about
        // subjects, one of them not ASCII, and one about none.
        var path = SeedFile("keys", 6,
            """
            INSERT INTO events (id, source, event_id, type, status, received_at, sender_timestamp, content_type, headers, body, subject)
            VALUES ('hb_a', 'pocketsflow', 'a', 'order.completed', 'unrouted', 1796126400000, NULL, 'application/json', CAST('{}' AS BLOB), CAST('{}' AS BLOB), 'ord_1'),
                   ('hb_b', 'pocketsflow', 'b', 'order.completed', 'unrouted', 1796126400001, NULL, 'application/json', CAST('{}' AS BLOB), CAST('{}' AS BLOB), 'commande-é-2'),
                   ('hb_c', 'pocketsflow', 'c', 'order.completed', 'unrouted', 1796126400002, NULL, 'application/json', CAST('{}' AS BLOB), CAST('{}' AS BLOB), NULL);
            """);

        var store = Open(path: path);
        await store.MigrateAsync(Token);
        Assert.Equal(SqliteSchema.LatestVersion, VersionOf(path));
        await AssertFindsSeededSubjectsAsync(store);
    }

    [Fact]
    public async Task MigrateAsync_FileWithTheUnroutedIndex_DropsItAndStillPrunesUnroutedEventsPastTheCutoff()
    {
        // A file as the Hookbox of schema version 7 left it: an unrouted event received on
        // 2026-12-01, and one 40 days later.
        var path = SeedFile("v7", 7,
            """
            INSERT INTO events (id, source, event_id, type, status, received_at, sender_timestamp, content_type, headers, body)
            VALUES ('hb_old', 'pocketsflow', 'old', 'order.completed', 'unrouted', 1796126400000, NULL, 'application/json', CAST('{}' AS BLOB), CAST('{}' AS BLOB)),
                   ('hb_young', 'pocketsflow', 'young', 'order.completed', 'unrouted', 1799582400000, NULL, 'application/json', CAST('{}' AS BLOB), CAST('{}' AS BLOB));
            """);
        var cutoff = new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero);

        var store = Open(path: path);
        await store.MigrateAsync(Token);
        var deleted = await store.PruneEventsAsync(EventStatus.Unrouted, cutoff, 100, Token);

        Assert.Equal(SqliteSchema.LatestVersion, VersionOf(path));
        Assert.DoesNotContain("events_unrouted", IndexesOf(path));
        Assert.Equal(1, deleted);
        Assert.Null(await store.GetEventAsync("hb_old", Token));
        Assert.NotNull(await store.GetEventAsync("hb_young", Token));
    }

    [Fact]
    public async Task MigrateAsync_FileFromBeforeCatchUp_ItsEventsCameByWebhookAndHaveNoSubject()
    {
        // A file as the Hookbox before catch-up left it: schema version 3, one event.
        var path = SeedFile("v3", 3,
            """
            INSERT INTO events (id, source, event_id, type, status, received_at, sender_timestamp, content_type, headers, body)
            VALUES ('hb_v3', 'pocketsflow', 'from-v3', 'order.completed', 'unrouted', 1796126400000, NULL, 'application/json', CAST('{"Host":"x"}' AS BLOB), CAST('{"webhookId":"from-v3"}' AS BLOB));
            """);

        var store = Open(path: path);
        await store.MigrateAsync(Token);
        var migrated = await store.GetEventAsync("hb_v3", Token);
        var byOrigin = await store.ListEventsAsync(new EventQuery(null, null, null, 10, null, Origin: EventOrigin.Webhook), Token);
        var again = (await store.WriteBatchAsync([Event("from-v3")], [], Token))[0];
        await store.RecordCatchUpRunAsync(new CatchUpRun("pocketsflow", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), 1, 1, 0, 0, null, "start-up"), Token);

        Assert.Equal(SqliteSchema.LatestVersion, VersionOf(path));
        Assert.NotNull(migrated);
        Assert.Equal(("from-v3", EventOrigin.Webhook, null), (migrated.Summary.EventId, migrated.Summary.Origin, migrated.Summary.Subject));
        Assert.Equal("{\"webhookId\":\"from-v3\"}", System.Text.Encoding.UTF8.GetString(migrated.Body.Span));
        Assert.Equal("hb_v3", Assert.Single(byOrigin.Items).Id);
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, "hb_v3"), again);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), await store.GetCatchUpCursorAsync("pocketsflow", Token));
    }

    [Fact]
    public async Task MigrateAsync_FileFromBeforeBodyDigests_KeepsItsEventsAndDedupesNewOnesOnTheBody()
    {
        // A file as the Hookbox before body digests (issue 11) left it: schema version 4, one event.
        var path = SeedFile("v4", 4,
            """
            INSERT INTO events (id, source, event_id, type, status, received_at, sender_timestamp, content_type, headers, body)
            VALUES ('hb_v4', 'github', 'from-v4', 'push', 'unrouted', 1796126400000, NULL, 'application/json', CAST('{"Host":"x"}' AS BLOB), CAST('{"ref":"refs/heads/main","after":"5f2c"}' AS BLOB));
            """);

        var store = Open(path: path);
        await store.MigrateAsync(Token);
        var sameId = (await store.WriteBatchAsync([GitHubDelivery("from-v4")], [], Token))[0];
        var first = GitHubDelivery("d-new");
        var results = await store.WriteBatchAsync([first, GitHubDelivery("d-resent")], [], Token);

        Assert.Equal(SqliteSchema.LatestVersion, VersionOf(path));
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, "hb_v4"), sameId);
        Assert.Equal([new(AppendStatus.Accepted, first.Id), new(AppendStatus.Duplicate, first.Id)], results); // the old row has no digest to match
    }

    [Fact]
    public async Task PruneDedupeKeys_DeletesTheEventsDeliveriesWithIt()
    {
        // SQLite does not enforce the foreign key here: the store must delete them itself.
        var at = DateTimeOffset.UnixEpoch.AddYears(50);
        var incoming = Event("with-deliveries", receivedAt: at, routes: ["orders", "audit"]);
        await AppendAsync(incoming);
        foreach (var route in new[] { "orders", "audit" })
        {
            var leased = Assert.Single(await Store.LeaseAsync(route, 10, at, at.AddMinutes(1), 3, Token));
            await Store.CompleteAsync([new DeliveryOutcome(leased.EventSequence, route, leased.LeaseId, DeliveryOutcomeKind.Succeeded, null, null)], Token);
        }

        var deleted = await Store.PruneDedupeKeysAsync(at.AddDays(1), 10, Token);

        using var connection = Connect();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM deliveries";
        Assert.Equal(1, deleted);
        Assert.Equal(0L, count.ExecuteScalar());
    }

    [Fact]
    public void Writer_RunsWithSecureDelete()
    {
        using var writer = new SqliteWriter($"Data Source={DatabasePath};Pooling=False", TimeSpan.FromSeconds(1));

        Assert.Equal(1L, Pragma(writer, "secure_delete"));
    }

    [Fact]
    public async Task Erase_AfterACheckpoint_TheErasedBytesAreNotInTheFile()
    {
        // Large enough for overflow pages, which an update frees: secure_delete zeroes them.
        var marker = "ERASE-ME-" + Guid.NewGuid().ToString("N");
        var body = $$"""{"webhookId":"big","note":"{{marker}}","padding":"{{new string('x', 20_000)}}"}""";
        var incoming = Event("big") with { Body = System.Text.Encoding.UTF8.GetBytes(body) };
        await AppendAsync(incoming);
        using (var connection = Connect())
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");

        await Store.EraseAsync(incoming.Id, DateTimeOffset.UnixEpoch.AddYears(57), Token);
        using (var connection = Connect())
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");

        var file = await File.ReadAllBytesAsync(DatabasePath, Token);
        Assert.Equal(-1, file.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(marker)));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task MigrateAsync_ExistingFilesOthersCanRead_AreTightenedAndReported()
    {
        var directory = _directory.Combine("shared");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
        var path = Path.Combine(directory, "hookbox.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            await File.WriteAllBytesAsync(file, [], Token);
            File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("644", 8));
        }

        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<SqliteInboxStore>();
        var store = new SqliteInboxStore(
            Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { DatabasePath = path }),
            Microsoft.Extensions.Options.Options.Create(new HookboxOptions { DataDirectory = directory }),
            TimeProvider.System,
            logger);
        _stores.Add(store);
        await store.MigrateAsync(Token);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        // SQLite deletes its -wal and -shm files when the last connection to them closes, which
        // the store's pooled connections may do at any moment: what is left of them is tightened,
        // and the warnings name all three.
        foreach (var file in new[] { path + "-wal", path + "-shm" }.Where(File.Exists))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        var warnings = logger.Collector.GetSnapshot().Where(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(r => r.Message).ToList();
        Assert.Equal(4, warnings.Count);
        foreach (var file in new[] { path + "-wal", path + "-shm" })
            Assert.Contains(warnings, m => m.Contains(file + " ", StringComparison.Ordinal) && m.Contains("0644", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains(path + " ", StringComparison.Ordinal) && m.Contains("0644", StringComparison.Ordinal) && m.Contains("0600", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains(directory + " ", StringComparison.Ordinal) && m.Contains("0755", StringComparison.Ordinal) && m.Contains("0700", StringComparison.Ordinal));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task MigrateAsync_FileOutsideTheDataDirectory_TightensTheFileButNotItsDirectory()
    {
        var directory = _directory.Combine("elsewhere");
        Directory.CreateDirectory(directory);
        var open = (UnixFileMode)Convert.ToInt32("755", 8);
        File.SetUnixFileMode(directory, open);
        var path = Path.Combine(directory, "inbox.db");
        await File.WriteAllBytesAsync(path, [], Token);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));

        await Open(path: path).MigrateAsync(Token);

        Assert.Equal(open, File.GetUnixFileMode(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
