using Hookbox.Storage.Relational;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hookbox.Sqlite;

/// <summary>
/// The writer's insert of an event (<see cref="InboxColumns.EventInsert"/>, in order), prepared
/// once and run through SQLite's own statement API. Every event recorded runs it, and through
/// Microsoft.Data.Sqlite each run allocated a binder per parameter, a data reader and a record
/// for its <c>RETURNING</c>: a quarter of all that ingest allocated (bench/RESULTS.md).
/// </summary>
internal sealed class SqliteEventInsert : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    public SqliteEventInsert(SqliteConnection connection)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");
        var columns = InboxColumns.EventInsert;

        // Conflicts on (source, event_id) only: a stored body digest is looked for first (FindStoredCopy).
        var sql = $"""
            INSERT INTO events ({InboxColumns.List([.. columns.Select(c => c.Name)])})
            VALUES ({string.Join(", ", columns.Select((_, i) => $"?{i + 1}"))})
            ON CONFLICT (source, event_id) DO NOTHING
            RETURNING seq
            """;
        Check(raw.sqlite3_prepare_v3(_database, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement));
    }

    /// <summary>Inserts <paramref name="incoming"/> and returns its sequence; null when its (source, event id) is stored.</summary>
    /// <exception cref="SqliteException">SQLite refused the insert.</exception>
    public long? Run(IncomingEvent incoming)
    {
        try
        {
            var columns = InboxColumns.EventInsert;
            for (var i = 0; i < columns.Count; i++)
                Check(SqliteDialect.BindTo(_statement, i + 1, columns[i].Value(incoming)));

            // An insert makes all its changes in its first step, which gives the row it returns.
            var result = raw.sqlite3_step(_statement);
            if (result == raw.SQLITE_ROW)
                return raw.sqlite3_column_int64(_statement, 0);

            Check(result == raw.SQLITE_DONE ? raw.SQLITE_OK : result);
            return null;
        }
        finally
        {
            // A statement left mid-run would keep its transaction from committing.
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Finalizes the statement, which must happen before its connection closes.</summary>
    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(result, _database);
    }
}
