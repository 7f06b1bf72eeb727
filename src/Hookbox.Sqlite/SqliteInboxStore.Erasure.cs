using Hookbox.Storage.Relational;

namespace Hookbox.Sqlite;

// Erasure goes through the one write connection like every other write, and is durable before
// it answers: a deletion request that was acknowledged must not come back after a crash. The
// connection runs with secure_delete (SqliteWriter), so the erased bytes are overwritten in the
// file, not only unlinked from it.
public sealed partial class SqliteInboxStore
{
    /// <summary>Candidates read per round when erasing by email: each round's bodies are in memory at once.</summary>
    private const int EmailPageSize = 200;

    /// <inheritdoc />
    public Task<DateTimeOffset?> EraseAsync(string id, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(durable: true, async (writer, transaction) =>
        {
            var found = await InboxReads.FindForErasureAsync(writer.Connection, transaction, Sql, id, cancellationToken).ConfigureAwait(false);
            if (found is not { } row)
                return (DateTimeOffset?)null;

            var (sequence, erased) = row;

            if (erased is not null)
                return erased;

            await EraseAsync(writer, transaction, [sequence], erasedAt, cancellationToken).ConfigureAwait(false);
            return DateTimeOffset.FromUnixTimeMilliseconds(erasedAt.ToUnixTimeMilliseconds());
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> EraseSubjectAsync(string subject, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return WriteAsync(durable: true, async (writer, transaction) =>
        {
            var sequences = await InboxReads.SequencesAsync(writer.Connection, transaction, Sql.FindSubjectForErasure(subject), cancellationToken).ConfigureAwait(false);
            return await EraseAsync(writer, transaction, sequences, erasedAt, cancellationToken).ConfigureAwait(false);
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
            // Candidates are read beside the writer, a page at a time: every body is searched, and
            // ingest must not wait behind that.
            var (named, read, last) = await ReadAsync(Sql.EmailCandidates(after, email, EmailPageSize), reader => InboxReads.EmailMatchesAsync(reader, email, after, cancellationToken), cancellationToken).ConfigureAwait(false);
            after = last;
            if (named.Length > 0)
                erased += await WriteAsync(durable: true, (writer, transaction) => EraseAsync(writer, transaction, named, erasedAt, cancellationToken), cancellationToken).ConfigureAwait(false);

            if (read < EmailPageSize)
                return erased;
        }
    }

    /// <summary>
    /// Erases the events not erased yet among <paramref name="sequences"/>: their body and
    /// headers go, and their deliveries still to run are marked dead, since an empty body is not
    /// the event. A delivery already handed to a handler or destination may still finish with
    /// the payload it was given; its outcome no longer counts (its lease is gone).
    /// </summary>
    private static async Task<int> EraseAsync(SqliteWriter writer, Microsoft.Data.Sqlite.SqliteTransaction transaction, long[] sequences, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        if (sequences.Length == 0)
            return 0;

        var erased = await InboxReads.SequencesAsync(writer.Connection, transaction, Sql.Erase(sequences, erasedAt), cancellationToken).ConfigureAwait(false);
        if (erased.Length > 0)
            await ExecuteAsync(writer, transaction, [Sql.StopErased(erased), Sql.RollUp(erased)], cancellationToken).ConfigureAwait(false);

        return erased.Length;
    }
}
