using Hookbox.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

/// <summary>
/// The inbox schema as numbered migrations. The file's <c>user_version</c> records how far it
/// is; start-up applies the rest, each in its own transaction.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        // 1: events, unique on (source, event_id); the rejection log.
        """
        CREATE TABLE events (
            seq              INTEGER PRIMARY KEY,
            id               TEXT    NOT NULL,
            source           TEXT    NOT NULL,
            event_id         TEXT    NOT NULL,
            type             TEXT    NOT NULL,
            status           TEXT    NOT NULL,
            received_at      INTEGER NOT NULL,
            sender_timestamp INTEGER,
            content_type     TEXT,
            headers          BLOB    NOT NULL,
            body             BLOB    NOT NULL
        );
        CREATE UNIQUE INDEX events_dedupe ON events (source, event_id);
        CREATE UNIQUE INDEX events_id ON events (id);
        CREATE INDEX events_source ON events (source, seq);

        CREATE TABLE rejections (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            source      TEXT    NOT NULL,
            received_at INTEGER NOT NULL,
            status_code INTEGER NOT NULL,
            error       TEXT    NOT NULL,
            message     TEXT    NOT NULL,
            headers     BLOB    NOT NULL,
            body_bytes  INTEGER
        );
        CREATE INDEX rejections_source ON rejections (source, seq);
        """,

        // 2: deliveries, one per route an event goes to; events from before had none.
        """
        CREATE TABLE deliveries (
            event_seq       INTEGER NOT NULL REFERENCES events (seq),
            route           TEXT    NOT NULL,
            status          TEXT    NOT NULL,
            attempts        INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            lease_id        TEXT,
            last_error      TEXT,
            order_key       TEXT,
            PRIMARY KEY (event_seq, route)
        ) WITHOUT ROWID;
        CREATE INDEX deliveries_due ON deliveries (route, next_attempt_at) WHERE status IN ('pending', 'retrying');
        CREATE INDEX deliveries_next ON deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
        CREATE INDEX deliveries_order ON deliveries (route, order_key, event_seq) WHERE order_key IS NOT NULL AND status IN ('pending', 'retrying');
        CREATE INDEX deliveries_leased ON deliveries (route, next_attempt_at) WHERE lease_id IS NOT NULL;
        CREATE INDEX events_status ON events (status, seq);
        UPDATE events SET status = 'unrouted' WHERE status = 'pending';
        """,

        // 3: retention. When a delivered event's body and headers were emptied; and one small
        // index per rule, holding only the delivered events that rule may still touch, so a
        // pass that finds nothing to prune reads nothing, and ingest (which writes pending and
        // unrouted events) never updates them.
        """
        ALTER TABLE events ADD COLUMN payload_pruned_at INTEGER;
        CREATE INDEX events_payloads_kept ON events (received_at) WHERE status = 'delivered' AND payload_pruned_at IS NULL;
        CREATE INDEX events_delivered ON events (received_at) WHERE status = 'delivered';
        """,

        // 4: catch-up. How each event arrived (every event before came by webhook) and the
        // business key it is about; the looks at senders' APIs, and one lease per source so one
        // look runs at a time. The subject index leads with the subject, so that a search by
        // subject alone (the events API's ?subject=) uses it as well as a catch-up look's
        // (source, type, subject) question; it holds only the events that have one.
        """
        ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'webhook';
        ALTER TABLE events ADD COLUMN subject TEXT;
        CREATE INDEX events_subject ON events (subject, source, type) WHERE subject IS NOT NULL;

        CREATE TABLE catchup_runs (
            seq          INTEGER PRIMARY KEY AUTOINCREMENT,
            source       TEXT    NOT NULL,
            started_at   INTEGER NOT NULL,
            finished_at  INTEGER,
            window_start INTEGER NOT NULL,
            window_end   INTEGER NOT NULL,
            seen         INTEGER NOT NULL,
            present      INTEGER NOT NULL,
            recovered    INTEGER NOT NULL,
            malformed    INTEGER NOT NULL,
            error        TEXT,
            trigger      TEXT    NOT NULL
        );
        CREATE INDEX catchup_runs_source ON catchup_runs (source, seq);

        CREATE TABLE catchup_leases (
            source     TEXT    PRIMARY KEY,
            holder     TEXT    NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,

        // 5: the body's digest, for the sources that dedupe on it (GitHub: its delivery id is not
        // signed). Unique per source, so a body is stored once for as long as its event is kept;
        // the index holds only the events that have one.
        """
        ALTER TABLE events ADD COLUMN body_sha256 TEXT;
        CREATE UNIQUE INDEX events_body ON events (source, body_sha256) WHERE body_sha256 IS NOT NULL;
        """,

        // 6: data at rest. When an event's body and headers were erased on request; and one
        // small index per status that retention deletes whole, as for delivered events in 3.
        """
        ALTER TABLE events ADD COLUMN erased_at INTEGER;
        CREATE INDEX events_unrouted ON events (received_at) WHERE status = 'unrouted';
        CREATE INDEX events_dead ON events (received_at) WHERE status = 'dead';
        """,

        // 7: subjects indexed by their 64-bit key (SubjectKey) instead of their text. Subjects are
        // as random as ids: each event's entry lands on a leaf of its own, and a narrow entry
        // makes that leaf cheaper to find, split and write. The events stored before get their
        // keys from the function Migrate registers.
        """
        ALTER TABLE events ADD COLUMN subject_key INTEGER;
        UPDATE events SET subject_key = hookbox_subject_key(subject) WHERE subject IS NOT NULL;
        DROP INDEX events_subject;
        CREATE INDEX events_subject_key ON events (subject_key) WHERE subject_key IS NOT NULL;
        """,

        // 8: no index of unrouted events. Ingest writes them, and each index on that path has its
        // right-edge leaf rewritten at every commit (0.7–1.0 KB an event); retention finds the oldest
        // through events_status (status, seq) instead.
        """
        DROP INDEX events_unrouted;
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int LatestVersion => Migrations.Length;

    public static void Migrate(SqliteConnection connection) => Migrate(connection, LatestVersion);

    /// <summary>Migrates up to <paramref name="target"/> only: tests build a file as an older Hookbox left it.</summary>
    internal static void Migrate(SqliteConnection connection, int target)
    {
        // WAL is a property of the file: set once, every later connection finds it.
        SqliteStatements.Execute(connection, "PRAGMA journal_mode = WAL;");

        var current = ReadVersion(connection);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"{connection.DataSource} has inbox schema version {current}, newer than this Hookbox knows ({LatestVersion}); run the newer Hookbox, or restore a backup.");
        }

        // Migration 7 keys the subjects already stored as the writer keys new ones.
        connection.CreateFunction<string, long>("hookbox_subject_key", SubjectKey.Of, isDeterministic: true);

        for (var version = current + 1; version <= target; version++)
        {
            using var transaction = connection.BeginTransaction();
            SqliteStatements.Execute(connection, Migrations[version - 1], transaction);
            SqliteStatements.Execute(connection, $"PRAGMA user_version = {version};", transaction);
            transaction.Commit();
        }
    }

    /// <summary>The schema version of a database, for tests and diagnostics.</summary>
    public static int ReadVersion(SqliteConnection connection) =>
        Convert.ToInt32(SqliteStatements.Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
}
