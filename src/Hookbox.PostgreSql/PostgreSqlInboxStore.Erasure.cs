using Hookbox.Storage.Relational;
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
            var found = await InboxReads.FindForErasureAsync(connection, null, _sql, id, cancellationToken).ConfigureAwait(false);
            if (found is not { } row)
                return (DateTimeOffset?)null;

            var (sequence, erased) = row;

            if (erased is not null)
                return erased;

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
            var sequences = await InboxReads.SequencesAsync(connection, null, _sql.FindSubjectForErasure(subject), cancellationToken).ConfigureAwait(false);
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
            // Candidates outside any transaction, a page at a time: every body is searched.
            var (named, read, last) = await ReadAsync(_sql.EmailCandidates(after, email, EmailPageSize),
                reader => InboxReads.EmailMatchesAsync(reader, email, after, cancellationToken), cancellationToken, LongCommandTimeoutSeconds).ConfigureAwait(false);
            after = last;
            if (named.Length > 0)
            {
                erased += await InTransactionAsync(async connection =>
                {
                    var locked = await InboxReads.SequencesAsync(connection, null, _sql.LockEvents(named), cancellationToken).ConfigureAwait(false);
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

        var erased = await InboxReads.SequencesAsync(connection, null, _sql.Erase(sequences, erasedAt), cancellationToken).ConfigureAwait(false);
        if (erased.Length > 0)
            await ExecuteAsync(connection, [_sql.StopErased(erased), _sql.RollUp(erased)], cancellationToken).ConfigureAwait(false);

        return erased.Length;
    }
}
