using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Hookbox.PostgreSql;

/// <summary>
/// The inbox schema as numbered migrations, recorded in <c>{schema}.migrations</c>. Start-up
/// applies the missing ones in one transaction under an advisory lock, so instances starting
/// together migrate once and the others find it done; not while an older Hookbox still uses the
/// schema (<see cref="PostgreSqlUpgradeCheck"/>), nor when the schema is newer than this build.
/// </summary>
internal static class PostgreSqlSchema
{
    // Not the store's few seconds: a migration may rebuild an index of a large table, and a
    // second instance waits on the advisory lock for as long as the first one migrates.
    private const int MigrationTimeoutSeconds = 600;

    // "{s}" is the schema's name, validated as a plain identifier before it gets here.
    private static readonly string[] Migrations =
    [
        // 1: events, unique on (source, event_id); deliveries, one per route an event goes to; the rejection log.
        """
        CREATE TABLE {s}.events (
            seq              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id               text        NOT NULL,
            source           text        NOT NULL,
            event_id         text        NOT NULL,
            type             text        NOT NULL,
            status           text        NOT NULL,
            received_at      timestamptz NOT NULL,
            sender_timestamp timestamptz,
            content_type     text,
            headers          bytea       NOT NULL,
            body             bytea       NOT NULL,
            CONSTRAINT events_dedupe UNIQUE (source, event_id),
            CONSTRAINT events_id UNIQUE (id)
        );
        CREATE INDEX events_source ON {s}.events (source, seq);
        CREATE INDEX events_status ON {s}.events (status, seq);

        CREATE TABLE {s}.deliveries (
            event_seq       bigint      NOT NULL REFERENCES {s}.events (seq),
            route           text        NOT NULL,
            status          text        NOT NULL,
            attempts        integer     NOT NULL,
            next_attempt_at timestamptz NOT NULL,
            lease_id        text,
            last_error      text,
            order_key       text,
            PRIMARY KEY (event_seq, route)
        );
        CREATE INDEX deliveries_due ON {s}.deliveries (route, next_attempt_at) WHERE status IN ('pending', 'retrying');
        CREATE INDEX deliveries_next ON {s}.deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
        CREATE INDEX deliveries_order ON {s}.deliveries (route, order_key, event_seq) WHERE order_key IS NOT NULL AND status IN ('pending', 'retrying');
        CREATE INDEX deliveries_leased ON {s}.deliveries (route, next_attempt_at) WHERE lease_id IS NOT NULL;

        CREATE TABLE {s}.rejections (
            seq         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source      text        NOT NULL,
            received_at timestamptz NOT NULL,
            status_code integer     NOT NULL,
            error       text        NOT NULL,
            message     text        NOT NULL,
            headers     bytea       NOT NULL,
            body_bytes  bigint
        );
        CREATE INDEX rejections_source ON {s}.rejections (source, seq);
        """,

        // 2: retention. When a delivered event's body and headers were emptied; and one small
        // index per rule, holding only the delivered events that rule may still touch, so a
        // pass that finds nothing to prune reads nothing, and ingest (which writes pending and
        // unrouted events) never updates them. Built inside the migration's transaction, not
        // CONCURRENTLY: ingest waits while they are built, once, at the upgrade.
        """
        ALTER TABLE {s}.events ADD COLUMN payload_pruned_at timestamptz;
        CREATE INDEX events_payloads_kept ON {s}.events (received_at) WHERE status = 'delivered' AND payload_pruned_at IS NULL;
        CREATE INDEX events_delivered ON {s}.events (received_at) WHERE status = 'delivered';
        """,

        // 3: catch-up. How each event arrived (every event before came by webhook) and the
        // business key it is about; the looks at senders' APIs, and one lease per source so one
        // look runs at a time across instances. Both columns are added without rewriting the
        // table (a constant default is kept in the catalog). The subject index leads with the
        // subject, so that a search by subject alone (the events API's ?subject=) uses it as well
        // as a catch-up look's (source, type, subject) question; it holds only the events that
        // have one, and is built inside the migration's transaction like retention's.
        """
        ALTER TABLE {s}.events ADD COLUMN origin text NOT NULL DEFAULT 'webhook';
        ALTER TABLE {s}.events ADD COLUMN subject text;
        CREATE INDEX events_subject ON {s}.events (subject, source, type) WHERE subject IS NOT NULL;

        CREATE TABLE {s}.catchup_runs (
            seq          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source       text        NOT NULL,
            started_at   timestamptz NOT NULL,
            finished_at  timestamptz,
            window_start timestamptz NOT NULL,
            window_end   timestamptz NOT NULL,
            seen         integer     NOT NULL,
            present      integer     NOT NULL,
            recovered    integer     NOT NULL,
            malformed    integer     NOT NULL,
            error        text,
            trigger      text        NOT NULL
        );
        CREATE INDEX catchup_runs_source ON {s}.catchup_runs (source, seq);

        CREATE TABLE {s}.catchup_leases (
            source     text        PRIMARY KEY,
            holder     text        NOT NULL,
            expires_at timestamptz NOT NULL
        );
        """,

        // 4: the body's digest, for the sources that dedupe on it (GitHub: its delivery id is not
        // signed). Unique per source, so a body is stored once for as long as its event is kept,
        // whichever instance wrote it; the index holds only the events that have one. The column
        // is added without rewriting the table (no default).
        """
        ALTER TABLE {s}.events ADD COLUMN body_sha256 text;
        CREATE UNIQUE INDEX events_body ON {s}.events (source, body_sha256) WHERE body_sha256 IS NOT NULL;
        """,

        // 5: data at rest. When an event's body and headers were erased on request (added
        // without rewriting the table: no default); and one small index per status that
        // retention deletes whole, as for delivered events in 2.
        """
        ALTER TABLE {s}.events ADD COLUMN erased_at timestamptz;
        CREATE INDEX events_unrouted ON {s}.events (received_at) WHERE status = 'unrouted';
        CREATE INDEX events_dead ON {s}.events (received_at) WHERE status = 'dead';
        """,

        // 6: subjects indexed by their 64-bit key (SubjectKey) instead of their text, as SQLite's
        // migration 7: each event's entry lands on a random leaf, and a narrow one costs less.
        // The events stored before get the same key, computed here in SQL: the first 8 bytes of
        // the SHA-256 of the subject's UTF-8, as a big-endian bigint.
        """
        ALTER TABLE {s}.events ADD COLUMN subject_key bigint;
        UPDATE {s}.events SET subject_key = ('x' || left(encode(sha256(convert_to(subject, 'UTF8')), 'hex'), 16))::bit(64)::bigint
        WHERE subject IS NOT NULL;
        DROP INDEX {s}.events_subject;
        CREATE INDEX events_subject_key ON {s}.events (subject_key) WHERE subject_key IS NOT NULL;
        """,

        // 7: no index of unrouted events. Ingest writes them, and each index on that path costs
        // every commit; retention finds the oldest through events_status (status, seq) instead.
        """
        DROP INDEX {s}.events_unrouted;
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int LatestVersion => Migrations.Length;

    public static Task MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken) =>
        MigrateAsync(dataSource, schema, LatestVersion, cancellationToken);

    /// <summary>Migrates up to <paramref name="target"/> only: tests build a schema as an older Hookbox left it.</summary>
    internal static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, int target, CancellationToken cancellationToken)
    {
        var name = Quote(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Held to the end of the transaction: a second instance waits here, then finds the work done.
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey(schema)})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection,
            $"""
            CREATE SCHEMA IF NOT EXISTS {name};
            CREATE TABLE IF NOT EXISTS {name}.migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            """,
            cancellationToken).ConfigureAwait(false);

        var current = await ReadVersionAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"schema {schema} has inbox schema version {current}, newer than this Hookbox knows ({LatestVersion}); run the newer Hookbox, or restore a backup.");
        }

        if (current < target)
            await PostgreSqlUpgradeCheck.EnsureNoOlderInstancesAsync(connection, schema, current, target, cancellationToken).ConfigureAwait(false);

        for (var version = current + 1; version <= target; version++)
        {
            await ExecuteAsync(connection, Migrations[version - 1].Replace("{s}", name, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"INSERT INTO {name}.migrations (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The schema version of a database, for tests and diagnostics.</summary>
    public static async Task<int> ReadVersionAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {Quote(schema)}.migrations", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!; // an aggregate always has a row
    }

    /// <summary>
    /// The schema's name as SQL: quoted, so a reserved word (<c>user</c>, <c>order</c>) is a name
    /// like any other. It holds nothing to escape: it was checked to be lower-case letters,
    /// digits and underscores.
    /// </summary>
    public static string Quote(string schema) => $"\"{schema}\"";

    /// <summary>One advisory lock per schema, so two inboxes in one database never wait on each other.</summary>
    private static long LockKey(string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("hookbox:" + schema)), 0);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = MigrationTimeoutSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
