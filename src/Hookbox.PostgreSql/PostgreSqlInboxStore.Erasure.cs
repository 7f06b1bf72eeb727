using Npgsql;

namespace Hookbox.PostgreSql;

// Each erasure is one transaction that locks its events first, in seq order, as replays and
// outcomes do, so it never deadlocks with them; a replay that comes after finds the event erased.
public sealed partial class PostgreSqlInboxStore
{
    /// <summary>Candidates read per round when erasing by email: each round's bodies are in memory at once.</summary>
    private const int EmailPageSize = 200;

    /// <inheritdoc />
    public Task<DateTimeOffset?> EraseAsync(string id, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return InTransactionAsync(async connection =>
        {
            long sequence;
            await using (var find = Command(connection, $"SELECT seq, erased_at FROM {_schema}.events WHERE id = $1 FOR UPDATE", id))
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    return (DateTimeOffset?)null;

                if (!reader.IsDBNull(1))
                    return reader.GetFieldValue<DateTimeOffset>(1);

                sequence = reader.GetInt64(0);
            }

            await EraseAsync(connection, [sequence], erasedAt, cancellationToken).ConfigureAwait(false);

            // As stored: timestamptz keeps microseconds, ten ticks each.
            return new DateTimeOffset(erasedAt.UtcTicks - erasedAt.UtcTicks % 10, TimeSpan.Zero);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> EraseSubjectAsync(string subject, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return InTransactionAsync(async connection =>
        {
            var sequences = await SequencesAsync(connection,
                $"SELECT seq FROM {_schema}.events WHERE subject = $1 AND erased_at IS NULL ORDER BY seq FOR UPDATE",
                cancellationToken, subject).ConfigureAwait(false);
            return await EraseAsync(connection, sequences, erasedAt, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> EraseEmailAsync(string email, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(email);
        var erased = 0;
        long after = 0;
        while (true)
        {
            // Candidates outside any transaction, a page at a time: every body is searched. strpos
            // on lower() finds the address's text in any case; PayloadEmail then keeps only those
            // where it is a whole string value. Bodies were read as UTF-8 JSON at ingest.
            var (named, read, last) = await RunAsync(async () =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var command = Command(connection,
                    $"""
                    SELECT seq, body FROM {_schema}.events
                    WHERE seq > $1 AND erased_at IS NULL AND strpos(lower(convert_from(body, 'UTF8')), lower($2)) > 0
                    ORDER BY seq LIMIT $3
                    """,
                    after, email, EmailPageSize);
                command.CommandTimeout = LongCommandTimeoutSeconds;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var found = new List<long>();
                var rows = 0;
                var lastSeq = after;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows++;
                    lastSeq = reader.GetInt64(0);
                    if (PayloadEmail.Contains(reader.GetFieldValue<byte[]>(1), email))
                        found.Add(lastSeq);
                }

                return (found.ToArray(), rows, lastSeq);
            }).ConfigureAwait(false);

            after = last;
            if (named.Length > 0)
            {
                erased += await InTransactionAsync(async connection =>
                {
                    var locked = await SequencesAsync(connection, LockEvents, cancellationToken, [named]).ConfigureAwait(false);
                    return await EraseAsync(connection, locked, erasedAt, cancellationToken).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }

            if (read < EmailPageSize)
                return erased;
        }
    }

    /// <summary>
    /// Erases the events not erased yet among <paramref name="sequences"/>, locked by the caller:
    /// their body and headers go, and their deliveries still to run are marked dead, since an
    /// empty body is not the event. A delivery already handed to a handler or destination may
    /// still finish with the payload it was given; its outcome no longer counts (its lease is gone).
    /// </summary>
    private async Task<int> EraseAsync(NpgsqlConnection connection, long[] sequences, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        if (sequences.Length == 0)
            return 0;

        var erased = await SequencesAsync(connection,
            $"UPDATE {_schema}.events SET body = $2, headers = $3, erased_at = $4 WHERE seq = ANY($1) AND erased_at IS NULL RETURNING seq",
            cancellationToken, sequences, Array.Empty<byte>(), PrunedHeaders, erasedAt.ToUniversalTime()).ConfigureAwait(false);
        if (erased.Length == 0)
            return 0;

        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(BatchCommand(
            $"UPDATE {_schema}.deliveries SET status = 'dead', lease_id = NULL, last_error = $2 WHERE event_seq = ANY($1) AND {Due}",
            erased, ErasureMessages.DeliveryStopped));
        batch.BatchCommands.Add(BatchCommand(UpdateEventStatus, erased));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return erased.Length;
    }
}
