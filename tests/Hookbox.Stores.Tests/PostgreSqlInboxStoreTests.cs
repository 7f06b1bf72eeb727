using Hookbox.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Hookbox.Stores.Tests;

/// <summary>
/// The store contract on PostgreSQL (the server <c>.ci/run</c> starts), each test in a schema of
/// its own, plus what only PostgreSQL has: migrations under an advisory lock, NOTIFY.
/// </summary>
public sealed class PostgreSqlInboxStoreTests : StoreContract
{
    private readonly string _schema = TestPostgres.NewSchemaName();
    private readonly List<PostgreSqlInboxStore> _stores = [];
    private string? _connectionString;

    private string ConnectionString => _connectionString ??= TestPostgres.RequireConnectionString();

    protected override Task<IInboxStore> CreateStoreAsync(HookboxOptions options) => Task.FromResult<IInboxStore>(Open(options));

    protected override async Task<IInboxStore> OpenAnotherInstanceAsync()
    {
        var store = Open();
        await store.MigrateAsync(Token);
        return store;
    }

    protected override async Task SetSubjectKeyAsync(string subject, long key)
    {
        await using var connection = await ConnectAsync();
        await using var command = new NpgsqlCommand($"UPDATE {_schema}.events SET subject_key = $1 WHERE subject = $2", connection);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(subject);
        await command.ExecuteNonQueryAsync(Token);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in _stores)
            await store.DisposeAsync();

        if (_connectionString is not null)
            await TestPostgres.DropSchemaAsync(_connectionString, _schema, CancellationToken.None);
    }

    private PostgreSqlInboxStore Open(HookboxOptions? options = null)
    {
        var store = new PostgreSqlInboxStore(
            Microsoft.Extensions.Options.Options.Create(new PostgreSqlStoreOptions { ConnectionString = ConnectionString, Schema = _schema }),
            Microsoft.Extensions.Options.Options.Create(options ?? Options()));
        _stores.Add(store);
        return store;
    }

    /// <summary>A migrated store somewhere other than this test's schema: another server, or a schema of a chosen name.</summary>
    private async Task<PostgreSqlInboxStore> OpenMigratedAsync(PostgreSqlStoreOptions options)
    {
        var store = new PostgreSqlInboxStore(Microsoft.Extensions.Options.Options.Create(options), Microsoft.Extensions.Options.Options.Create(Options()));
        _stores.Add(store);
        await store.MigrateAsync(Token);
        return store;
    }

    /// <summary>Another instance on this test's schema whose pool holds one connection: every statement reuses it, so a test can see what stays on it.</summary>
    private Task<PostgreSqlInboxStore> OpenOneConnectionInstanceAsync() =>
        OpenMigratedAsync(new PostgreSqlStoreOptions { ConnectionString = ConnectionString + ";Maximum Pool Size=1", Schema = _schema });

    private async Task<NpgsqlConnection> ConnectAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(Token);
        return connection;
    }

    [Fact]
    public async Task MigrateAsync_ManyInstancesStartingAtOnce_MigrateOnceToTheLatestVersion()
    {
        await TestPostgres.DropSchemaAsync(ConnectionString, _schema, Token);
        var instances = Enumerable.Range(0, 6).Select(_ => Open()).ToList();

        await Task.WhenAll(instances.Select(i => i.MigrateAsync(Token)));

        await using var connection = await ConnectAsync();
        await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {_schema}.migrations", connection);
        Assert.Equal(PostgreSqlSchema.LatestVersion, await PostgreSqlSchema.ReadVersionAsync(connection, _schema, Token));
        Assert.Equal((long)PostgreSqlSchema.LatestVersion, await count.ExecuteScalarAsync(Token));
    }

    [Fact]
    public async Task MigrateAsync_SchemaFromBeforeRetention_KeepsItsEventsWhichCanThenBePruned()
    {
        // A schema as the Hookbox before retention left it: version 1, an event delivered in 2020.
        var receivedAt = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await SeedSchemaAsync(1, receivedAt, "{\"webhookId\":\"from-v1\"}",
            $"""
            WITH e AS (
                INSERT INTO {_schema}.events (id, source, event_id, type, status, received_at, content_type, headers, body)
                VALUES ('hb_v1', 'pocketsflow', 'from-v1', 'order.completed', 'delivered', $1, 'application/json', $2, $3)
                RETURNING seq)
            INSERT INTO {_schema}.deliveries (event_seq, route, status, attempts, next_attempt_at)
            SELECT seq, 'orders', 'succeeded', 1, $1 FROM e
            """);

        var store = Open();
        await store.MigrateAsync(Token);
        var before = await store.GetEventAsync("hb_v1", Token);
        var pruned = await store.PrunePayloadsAsync(receivedAt.AddDays(31), receivedAt.AddDays(31), 10, Token);
        var again = (await store.WriteBatchAsync([Event("from-v1")], [], Token))[0];
        var deleted = await store.PruneDedupeKeysAsync(receivedAt.AddDays(91), 10, Token);

        await using var connection = await ConnectAsync();
        Assert.Equal(PostgreSqlSchema.LatestVersion, await PostgreSqlSchema.ReadVersionAsync(connection, _schema, Token));
        Assert.NotNull(before);
        Assert.Null(before.PayloadPrunedAt);
        Assert.Equal("{\"webhookId\":\"from-v1\"}", System.Text.Encoding.UTF8.GetString(before.Body.Span));
        Assert.Equal((1, 1), (pruned, deleted));
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, "hb_v1"), again);
    }

    [Fact]
    public async Task MigrateAsync_SchemaFromBeforeErasure_KeepsItsEventsWhichCanThenBeErased()
    {
        // A schema as the Hookbox before erasure left it: version 4, one event.
        await SeedSchemaAsync(4, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), "{\"webhookId\":\"from-old\"}",
            $"""
            INSERT INTO {_schema}.events (id, source, event_id, type, status, received_at, content_type, headers, body, subject)
            VALUES ('hb_old', 'pocketsflow', 'from-old', 'order.completed', 'unrouted', $1, 'application/json', $2, $3, 'ord_old')
            """);

        var store = Open();
        await store.MigrateAsync(Token);
        var migrated = await store.GetEventAsync("hb_old", Token);
        var erased = await store.EraseSubjectAsync("ord_old", new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), Token);

        Assert.NotNull(migrated);
        Assert.Null(migrated.ErasedAt);
        Assert.Equal(1, erased);
        Assert.Empty((await store.GetEventAsync("hb_old", Token))!.Body.ToArray());
    }

    [Fact]
    public async Task MigrateAsync_SchemaFromBeforeSubjectKeys_FindsItsEventsBySubjectAsHookboxKeysThem()
    {
        // A schema as the Hookbox before subject keys left it (version 5): two events about
        // subjects, one of them not ASCII. The migration keys them in SQL; a lookup keys the
        // subject in C#: both must agree.
        await SeedSchemaAsync(5, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), "{}",
            $"""
            INSERT INTO {_schema}.events (id, source, event_id, type, status, received_at, content_type, headers, body, subject)
            VALUES ('hb_a', 'pocketsflow', 'a', 'order.completed', 'unrouted', $1, 'application/json', $2, $3, 'ord_1'),
                   ('hb_b', 'pocketsflow', 'b', 'order.completed', 'unrouted', $1, 'application/json', $2, $3, 'commande-é-2'),
                   ('hb_c', 'pocketsflow', 'c', 'order.completed', 'unrouted', $1, 'application/json', $2, $3, NULL)
            """);

        var store = Open();
        await store.MigrateAsync(Token);
        await AssertFindsSeededSubjectsAsync(store);
    }

    [Fact]
    public async Task MigrateAsync_SchemaWithTheUnroutedIndex_DropsItAndStillPrunesUnroutedEventsPastTheCutoff()
    {
        // A schema as the Hookbox of version 6 left it: an unrouted event received on 2026-12-01,
        // and one 40 days later.
        var receivedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        await SeedSchemaAsync(6, receivedAt, "{}",
            $"""
            INSERT INTO {_schema}.events (id, source, event_id, type, status, received_at, content_type, headers, body)
            VALUES ('hb_old', 'pocketsflow', 'old', 'order.completed', 'unrouted', $1, 'application/json', $2, $3),
                   ('hb_young', 'pocketsflow', 'young', 'order.completed', 'unrouted', $1 + interval '40 days', 'application/json', $2, $3)
            """);

        var store = Open();
        await store.MigrateAsync(Token);
        var deleted = await store.PruneEventsAsync(EventStatus.Unrouted, receivedAt.AddDays(30), 100, Token);

        await using var connection = await ConnectAsync();
        await using var indexes = new NpgsqlCommand("SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'events'", connection);
        indexes.Parameters.Add(new NpgsqlParameter { Value = _schema });
        var names = new List<string>();
        await using (var reader = await indexes.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
                names.Add(reader.GetString(0));
        }

        Assert.Equal(PostgreSqlSchema.LatestVersion, await PostgreSqlSchema.ReadVersionAsync(connection, _schema, Token));
        Assert.DoesNotContain("events_unrouted", names);
        Assert.Contains("events_status", names);
        Assert.Equal(1, deleted);
        Assert.Null(await store.GetEventAsync("hb_old", Token));
        Assert.NotNull(await store.GetEventAsync("hb_young", Token));
    }

    [Fact]
    public async Task MigrateAsync_SchemaFromBeforeCatchUp_ItsEventsCameByWebhookAndHaveNoSubject()
    {
        // A schema as the Hookbox before catch-up left it: version 2, one event.
        await SeedSchemaAsync(2, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), "{\"webhookId\":\"from-v2\"}",
            $"""
            INSERT INTO {_schema}.events (id, source, event_id, type, status, received_at, content_type, headers, body)
            VALUES ('hb_v2', 'pocketsflow', 'from-v2', 'order.completed', 'unrouted', $1, 'application/json', $2, $3)
            """);

        var store = Open();
        await store.MigrateAsync(Token);
        var migrated = await store.GetEventAsync("hb_v2", Token);
        var byOrigin = await store.ListEventsAsync(new EventQuery(null, null, null, 10, null, Origin: EventOrigin.Webhook), Token);
        var again = (await store.WriteBatchAsync([Event("from-v2")], [], Token))[0];
        await store.RecordCatchUpRunAsync(new CatchUpRun("pocketsflow", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), 1, 1, 0, 0, null, "start-up"), Token);

        await using var connection = await ConnectAsync();
        Assert.Equal(PostgreSqlSchema.LatestVersion, await PostgreSqlSchema.ReadVersionAsync(connection, _schema, Token));
        Assert.NotNull(migrated);
        Assert.Equal(("from-v2", EventOrigin.Webhook, null), (migrated.Summary.EventId, migrated.Summary.Origin, migrated.Summary.Subject));
        Assert.Equal("{\"webhookId\":\"from-v2\"}", System.Text.Encoding.UTF8.GetString(migrated.Body.Span));
        Assert.Equal("hb_v2", Assert.Single(byOrigin.Items).Id);
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, "hb_v2"), again);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), await store.GetCatchUpCursorAsync("pocketsflow", Token));
    }

    [Fact]
    public async Task MigrateAsync_SchemaFromBeforeBodyDigests_KeepsItsEventsAndDedupesNewOnesOnTheBody()
    {
        // A schema as the Hookbox before body digests (issue 11) left it: version 3, one event.
        await SeedSchemaAsync(3, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), "{\"ref\":\"refs/heads/main\",\"after\":\"5f2c\"}",
            $"""
            INSERT INTO {_schema}.events (id, source, event_id, type, status, received_at, content_type, headers, body)
            VALUES ('hb_v3', 'github', 'from-v3', 'push', 'unrouted', $1, 'application/json', $2, $3)
            """);

        var store = Open();
        await store.MigrateAsync(Token);
        var sameId = (await store.WriteBatchAsync([GitHubDelivery("from-v3")], [], Token))[0];
        var first = GitHubDelivery("d-new");
        var results = await store.WriteBatchAsync([first, GitHubDelivery("d-resent")], [], Token);
        var later = (await store.WriteBatchAsync([GitHubDelivery("d-later")], [], Token))[0];

        await using var connection = await ConnectAsync();
        Assert.Equal(PostgreSqlSchema.LatestVersion, await PostgreSqlSchema.ReadVersionAsync(connection, _schema, Token));
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, "hb_v3"), sameId);
        Assert.Equal([new(AppendStatus.Accepted, first.Id), new(AppendStatus.Duplicate, first.Id)], results); // the old row has no digest to match
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, first.Id), later);
    }

    /// <summary>A connection as an instance of the Hookbox that knows <paramref name="version"/> opens them, on <paramref name="schema"/>.</summary>
    private async Task<NpgsqlConnection> ConnectAsInstanceAsync(int version, string schema)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            ApplicationName = PostgreSqlInstanceName.For(schema, version, null),
            Pooling = false, // closed means gone, not back in a pool
        }.ConnectionString);
        await connection.OpenAsync(Token);
        return connection;
    }

    private async Task MigrateToAsync(int version)
    {
        await TestPostgres.DropSchemaAsync(ConnectionString, _schema, Token);
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await PostgreSqlSchema.MigrateAsync(dataSource, _schema, version, Token);
    }

    private async Task<int> SchemaVersionAsync()
    {
        await using var connection = await ConnectAsync();
        return await PostgreSqlSchema.ReadVersionAsync(connection, _schema, Token);
    }

    [Fact]
    public async Task MigrateAsync_WhileAnOlderHookboxUsesTheSchema_RefusesNamingItsConnectionsUntilItStops()
    {
        // Issue 13: a rolling upgrade across a schema change is refused, not half done.
        var older = PostgreSqlSchema.LatestVersion - 1;
        await MigrateToAsync(older);
        var oldInstance = await ConnectAsInstanceAsync(older, _schema);
        var oldPid = oldInstance.ProcessID;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Open().MigrateAsync(Token));
        var untouched = await SchemaVersionAsync();
        await oldInstance.DisposeAsync();

        Assert.Contains($"schema {_schema} is at inbox schema version {older} and this Hookbox would migrate it to {PostgreSqlSchema.LatestVersion}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"1 connection from 1 address: pid {oldPid} from 127.0.0.1 (schema version {older})", error.Message, StringComparison.Ordinal);
        Assert.Contains("Stop every instance of the older Hookbox first", error.Message, StringComparison.Ordinal);
        Assert.Equal(older, untouched);

        // Once it has stopped (its session leaves pg_stat_activity a moment after it hangs up), the upgrade goes ahead.
        var store = Open();
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await store.MigrateAsync(Token);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }, "the migration once the older instance is gone", Token);
        Assert.Equal(PostgreSqlSchema.LatestVersion, await SchemaVersionAsync());
    }

    [Fact]
    public async Task MigrateAsync_BesideSameVersionInstancesAndAnotherSchemasOlderOne_Proceeds()
    {
        // Instances of this version side by side (several starting at once, a rolling restart), and
        // an older Hookbox on another inbox of the same database, are not in the way.
        await MigrateToAsync(PostgreSqlSchema.LatestVersion - 1);
        await using var sameVersion = await ConnectAsInstanceAsync(PostgreSqlSchema.LatestVersion, _schema);
        await using var otherInbox = await ConnectAsInstanceAsync(PostgreSqlSchema.LatestVersion - 1, _schema + "_other");

        await Open().MigrateAsync(Token);

        Assert.Equal(PostgreSqlSchema.LatestVersion, await SchemaVersionAsync());
    }

    [Fact]
    public async Task Store_ConnectionsAreNamedAfterTheSchemaVersionTheyKnow()
    {
        var store = (PostgreSqlInboxStore)Store;
        await using var connection = await store.DataSource.OpenConnectionAsync(Token);
        await using var command = new NpgsqlCommand("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()", connection);

        Assert.Equal($"hookbox/{PostgreSqlSchema.LatestVersion}/{_schema}", await command.ExecuteScalarAsync(Token));
    }

    [Theory]
    [InlineData("Host=db", "hookbox", "hookbox/{0}/hookbox")]
    [InlineData("Host=db;Application Name=billing-sync", "inbox", "hookbox/{0}/inbox billing-sync")]
    public void Settings_ApplicationName_SaysTheSchemaVersionAndSchemaThenTheUsersOwn(string connectionString, string schema, string expected)
    {
        var settings = PostgreSqlStoreSettings.Resolve(new PostgreSqlStoreOptions { ConnectionString = connectionString, Schema = schema }, new HookboxOptions(), out _);
        var name = new NpgsqlConnectionStringBuilder(settings.ConnectionString).ApplicationName;

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, PostgreSqlSchema.LatestVersion), name);
        Assert.True(PostgreSqlInstanceName.TryParse(name, out var version, out var named));
        Assert.Equal((PostgreSqlSchema.LatestVersion, schema), (version, named));
    }

    [Fact]
    public async Task Store_InASchemaNamedLikeAReservedWord_WorksAsAnyOther()
    {
        // "order" is reserved in SQL: unquoted, every statement naming its tables would fail.
        await TestPostgres.DropSchemaAsync(ConnectionString, "order", Token);
        try
        {
            var store = await OpenMigratedAsync(new PostgreSqlStoreOptions { ConnectionString = ConnectionString, Schema = "order" });
            var accepted = (await store.WriteBatchAsync([Event("reserved-1", routes: "orders")], [], Token))[0];
            var leased = Assert.Single(await store.LeaseAsync("orders", 10, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(1), 3, Token));

            Assert.Equal(AppendStatus.Accepted, accepted.Status);
            Assert.Equal(accepted.Id, leased.Event.Summary.Id);
        }
        finally
        {
            await TestPostgres.DropSchemaAsync(ConnectionString, "order", CancellationToken.None);
        }
    }

    [Fact]
    public async Task MigrateAsync_SchemaFromANewerHookbox_RefusesToStartAndSaysWhy()
    {
        await using (var connection = await ConnectAsync())
        await using (var newer = new NpgsqlCommand($"INSERT INTO {_schema}.migrations (version) VALUES ({PostgreSqlSchema.LatestVersion + 1})", connection))
            await newer.ExecuteNonQueryAsync(Token);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Open().MigrateAsync(Token));

        Assert.Contains("newer than this Hookbox knows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteBatch_RoutedEvent_NotifiesTheInboxChannelOnCommit()
    {
        var store = (PostgreSqlInboxStore)Store;
        await using var listener = await ConnectAsync();
        await using (var listen = new NpgsqlCommand($"LISTEN {store.Channel}", listener))
            await listen.ExecuteNonQueryAsync(Token);

        string? channel = null;
        listener.Notification += (_, e) => channel = e.Channel;
        await AppendAsync(Event("notify-me", routes: ["orders"]));
        var notified = await listener.WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.True(notified);
        Assert.Equal(store.Channel, channel);
    }

    [Fact]
    public async Task NotificationListener_AnotherInstancesCommit_WakesThisInstancesDispatcher()
    {
        // A fake clock never ends the signal's wait on its own: only a ring can.
        var signal = new DispatchSignal(new FakeTimeProvider());
        using var listener = new PostgreSqlNotificationListener((PostgreSqlInboxStore)Store, signal, TimeProvider.System, NullLogger<PostgreSqlNotificationListener>.Instance);
        await listener.StartAsync(Token);
        await signal.WaitAsync(Timeout.InfiniteTimeSpan, Token).WaitAsync(TimeSpan.FromSeconds(30), Token); // the ring on connecting

        var other = await OpenAnotherInstanceAsync();
        await other.WriteBatchAsync([Event("from-elsewhere", routes: ["orders"])], [], Token);

        await signal.WaitAsync(Timeout.InfiniteTimeSpan, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        await listener.StopAsync(Token);
    }

    [Fact]
    public async Task NotificationListener_Stopped_LeavesNoPooledConnectionListening()
    {
        var store = await OpenOneConnectionInstanceAsync();
        var signal = new DispatchSignal(new FakeTimeProvider());
        using (var listener = new PostgreSqlNotificationListener(store, signal, TimeProvider.System, NullLogger<PostgreSqlNotificationListener>.Instance))
        {
            await listener.StartAsync(Token);
            await signal.WaitAsync(Timeout.InfiniteTimeSpan, Token).WaitAsync(TimeSpan.FromSeconds(30), Token); // the ring on connecting
            await listener.StopAsync(Token);
        }

        // Pooled connections are not reset at reuse: had the listener's gone back to the pool,
        // the next batch would take a connection still listening on the inbox's channel.
        await using var connection = await store.DataSource.OpenConnectionAsync(Token);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_listening_channels()", connection);

        Assert.Equal(0L, await command.ExecuteScalarAsync(Token));
    }

    [Theory]
    [InlineData(null, "hookbox", "Hookbox:Store:ConnectionString is missing")]
    [InlineData("Host=db;Bogus Keyword=1", "hookbox", "Hookbox:Store:ConnectionString is not a valid Npgsql connection string")]
    [InlineData("Host=db", "Hookbox; DROP TABLE x", "Hookbox:Store:Schema 'Hookbox; DROP TABLE x' is not a plain schema name")]
    [InlineData("Host=db", "pg_inbox", "Hookbox:Store:Schema 'pg_inbox' starts with pg_")]
    public void Settings_BadConnectionStringOrSchema_NameTheKey(string? connectionString, string schema, string expected)
    {
        var hookbox = new HookboxOptions { Store = { Provider = "postgresql", ConnectionString = connectionString, Schema = schema } };

        PostgreSqlStoreSettings.Resolve(new PostgreSqlStoreOptions(), hookbox, out var errors);

        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_WithoutTimeouts_AnswerInsideASendersFiveSeconds()
    {
        var settings = PostgreSqlStoreSettings.Resolve(new PostgreSqlStoreOptions { ConnectionString = "Host=db;Password=secret" }, new HookboxOptions(), out var errors);
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);

        Assert.Empty(errors);
        Assert.Equal(("hookbox", 3, 4), (settings.Schema, builder.Timeout, builder.CommandTimeout));
        Assert.Equal("-c synchronous_commit=on", builder.Options);
    }

    [Fact]
    public async Task WriteBatch_FirstAfterTheServerRestarted_IsAcceptedOnAFreshConnection()
    {
        await using var server = await PostgresServer.StartNewAsync(Token);
        var store = await OpenMigratedAsync(new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString });
        await store.WriteBatchAsync([Event("before-restart")], [], Token); // leaves an idle connection in the pool

        await server.StopAsync(Token);
        await server.StartAsync(Token);
        var results = await store.WriteBatchAsync([Event("after-restart-1"), Event("after-restart-2")], [], Token);

        // The pooled connection died with the old server: without a second try on a fresh one,
        // this batch's senders would have been answered 503.
        Assert.All(results, r => Assert.Equal(AppendStatus.Accepted, r.Status));
    }

    [Fact]
    public async Task Complete_FirstAfterTheServerRestarted_IsRecordedOnAFreshConnection()
    {
        await using var server = await PostgresServer.StartNewAsync(Token);
        var store = await OpenMigratedAsync(new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString });
        var now = DateTimeOffset.UtcNow;
        await store.WriteBatchAsync([Event("outcome-after-restart", receivedAt: now, routes: "orders")], [], Token);
        var leased = Assert.Single(await store.LeaseAsync("orders", 10, now, now.AddMinutes(1), 3, Token));

        await server.StopAsync(Token);
        await server.StartAsync(Token);
        await store.CompleteAsync([new DeliveryOutcome(leased.EventSequence, leased.Route, leased.LeaseId, DeliveryOutcomeKind.Succeeded, null, null)], Token);

        // Lost, the outcome would leave the delivery to its lease's expiry and a second delivery.
        Assert.Equal(EventStatus.Delivered, (await store.GetEventAsync(leased.Event.Summary.Id, Token))!.Summary.Status);
    }

    [Theory]
    [InlineData("Host=db", 64, true)]
    [InlineData("Host=pgbouncer;Max Auto Prepare=0;No Reset On Close=false", 0, false)]
    public void Settings_PreparedAndNotReset_UnlessTheConnectionStringSaysOtherwise(string connectionString, int maxAutoPrepare, bool noResetOnClose)
    {
        var settings = PostgreSqlStoreSettings.Resolve(new PostgreSqlStoreOptions { ConnectionString = connectionString }, new HookboxOptions(), out _);
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);

        Assert.Equal((maxAutoPrepare, noResetOnClose), (builder.MaxAutoPrepare, builder.NoResetOnClose));
    }

    [Fact]
    public async Task Store_PooledConnection_IsNotResetBeforeEachReuse()
    {
        var store = await OpenOneConnectionInstanceAsync();
        await using (var first = await store.DataSource.OpenConnectionAsync(Token))
        await using (var set = new NpgsqlCommand("SET work_mem = '7MB'", first))
            await set.ExecuteNonQueryAsync(Token);

        // The pool's one connection again. Reset, it would have run RESET ALL, UNLISTEN *,
        // DISCARD TEMP and four more statements first, as it would before every batch.
        await using var second = await store.DataSource.OpenConnectionAsync(Token);
        await using var show = new NpgsqlCommand("SHOW work_mem", second);

        Assert.Equal("7MB", await show.ExecuteScalarAsync(Token));
    }

    [Fact]
    public async Task WriteBatch_Repeated_IsParsedAndPlannedOncePerConnection()
    {
        var store = await OpenOneConnectionInstanceAsync();
        for (var i = 0; i < 10; i++)
            await store.WriteBatchAsync([Event($"prepared-{i}", routes: "orders")], [], Token);

        // Every write took the pool's one connection; Npgsql prepares a statement at its fifth use.
        await using var connection = await store.DataSource.OpenConnectionAsync(Token);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%INSERT INTO%events%'", connection);

        Assert.Equal(1L, await command.ExecuteScalarAsync(Token));
    }

    [Fact]
    public void Settings_WithTimeoutsOfTheirOwn_KeepThem()
    {
        var settings = PostgreSqlStoreSettings.Resolve(new PostgreSqlStoreOptions { ConnectionString = "Host=db;Timeout=10;Command Timeout=20" }, new HookboxOptions(), out _);
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);

        Assert.Equal((10, 20), (builder.Timeout, builder.CommandTimeout));
    }

    /// <summary>
    /// Drops the test schema and builds it as an older Hookbox left it: migrated to <paramref name="version"/>, with the
    /// rows <paramref name="insertSql"/> writes. In it, $1 is <paramref name="receivedAt"/>, $2 the headers and $3 the body.
    /// </summary>
    private async Task SeedSchemaAsync(int version, DateTimeOffset receivedAt, string body, string insertSql)
    {
        await TestPostgres.DropSchemaAsync(ConnectionString, _schema, Token);
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await PostgreSqlSchema.MigrateAsync(dataSource, _schema, version, Token);
        await using var insert = dataSource.CreateCommand(insertSql);
        insert.Parameters.Add(new NpgsqlParameter { Value = receivedAt });
        insert.Parameters.Add(new NpgsqlParameter { Value = "{\"Host\":\"x\"}"u8.ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = System.Text.Encoding.UTF8.GetBytes(body) });
        await insert.ExecuteNonQueryAsync(Token);
    }
}
