using System.Data.Common;

namespace Hookbox.Storage.Relational;

/// <summary>
/// Runs <see cref="SqlStatement"/>s on any ADO.NET connection (SQLite's writer or readers,
/// PostgreSQL's pool), and the reads both stores make the same way.
/// </summary>
public static class InboxReads
{
    /// <summary>Runs <paramref name="statement"/> in <paramref name="transaction"/>, if any; the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, SqlStatement statement, CancellationToken cancellationToken)
    {
        var command = PreparedStatements.Rent(connection, transaction, statement);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await PreparedStatements.ReturnAsync(connection, command).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="statement"/> and reads its rows with <paramref name="read"/>.</summary>
    public static async Task<T> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, SqlStatement statement, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var command = PreparedStatements.Rent(connection, transaction, statement);
        try
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
                return await read(reader).ConfigureAwait(false);
        }
        finally
        {
            await PreparedStatements.ReturnAsync(connection, command).ConfigureAwait(false);
        }
    }

    /// <summary>The sequences a statement returns in its first column.</summary>
    public static Task<long[]> SequencesAsync(DbConnection connection, DbTransaction? transaction, SqlStatement statement, CancellationToken cancellationToken) =>
        QueryAsync(connection, transaction, statement, reader => InboxRows.SequencesAsync(reader, cancellationToken), cancellationToken);

    /// <summary>One event with its sequence and its deliveries, in the caller's transaction (one snapshot for both); null when no event has that id.</summary>
    public static async Task<(long Sequence, StoredEvent Event)?> FindEventAsync(DbConnection connection, DbTransaction? transaction, InboxSql sql, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var found = await QueryAsync(connection, transaction, sql.GetEvent(id), reader => EventsAsync(sql.Rows, reader, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
            return null;

        var (sequence, stored) = found[0];
        var deliveries = await QueryAsync(connection, transaction, sql.GetDeliveries(sequence), async reader =>
        {
            var list = new List<DeliveryInfo>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                list.Add(sql.Rows.Delivery(reader));

            return list;
        }, cancellationToken).ConfigureAwait(false);
        return (sequence, stored with { Deliveries = deliveries });
    }

    /// <summary>Rows of a sequence then the <see cref="InboxColumns.Event"/>, without their deliveries.</summary>
    public static async Task<List<(long Sequence, StoredEvent Event)>> EventsAsync(InboxRows rows, DbDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(reader);
        var events = new List<(long Sequence, StoredEvent Event)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            events.Add((reader.GetInt64(0), rows.Event(reader, 1, [])));

        return events;
    }

    /// <summary>The first column of the one row an aggregate answers, as a time; null where it is.</summary>
    public static async Task<DateTimeOffset?> TimeAsync(SqlDialect dialect, DbDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(reader);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? dialect.ReadTimeOrNull(reader, 0) : null;
    }

    /// <summary>Every row's first column as text.</summary>
    public static async Task<IReadOnlySet<string>> TextsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var found = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            found.Add(reader.GetString(0));

        return found;
    }

    /// <summary>An event's sequence and when it was erased, if it was (<see cref="InboxSql.FindForErasure"/>); null when no event has that id.</summary>
    public static Task<(long Sequence, DateTimeOffset? ErasedAt)?> FindForErasureAsync(DbConnection connection, DbTransaction? transaction, InboxSql sql, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return QueryAsync(connection, transaction, sql.FindForErasure(id), async reader =>
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), sql.Dialect.ReadTimeOrNull(reader, 1)) : ((long, DateTimeOffset?)?)null,
            cancellationToken);
    }

    /// <summary>The catch-up runs of <see cref="InboxSql.ListCatchUpRuns"/>' rows.</summary>
    public static async Task<IReadOnlyList<CatchUpRun>> RunsAsync(InboxRows rows, DbDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(reader);
        var runs = new List<CatchUpRun>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            runs.Add(rows.Run(reader));

        return runs;
    }

    /// <summary>
    /// Of <see cref="InboxSql.EmailCandidates"/>' rows, the events whose payload holds the
    /// address as a whole string value (<see cref="PayloadEmail"/>), how many rows were read, and
    /// the last sequence read (the next round's cursor).
    /// </summary>
    public static async Task<(long[] Named, int Read, long Last)> EmailMatchesAsync(DbDataReader reader, string email, long after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var named = new List<long>();
        var read = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            read++;
            after = reader.GetInt64(0);
            if (PayloadEmail.Contains(reader.GetFieldValue<byte[]>(1), email))
                named.Add(after);
        }

        return ([.. named], read, after);
    }
}
