using Hookbox.Storage.Relational;

namespace Hookbox.Sqlite;

// Questions are asked on read connections, beside the writer. Leases and runs go through the
// one write connection like every other write, without an fsync of their own: only a power cut
// loses such a commit, and then the lease's holder is gone with it, and a lost run only makes
// the next look cover its window again.
public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindStoredEventIdsAsync(string source, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) =>
        FindKeysAsync(eventIds, Sql.FindStoredEventIds(source, eventIds), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindStoredSubjectsAsync(string source, string eventType, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken) =>
        FindKeysAsync(subjects, Sql.FindStoredSubjects(source, eventType, subjects), cancellationToken);

    private Task<IReadOnlySet<string>> FindKeysAsync(IReadOnlyCollection<string> keys, SqlStatement find, CancellationToken cancellationToken) =>
        keys.Count == 0
            ? Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(StringComparer.Ordinal))
            : ReadAsync(find, reader => InboxReads.TextsAsync(reader, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryAcquireCatchUpAsync(string source, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        WriteAsync(durable: false, async (writer, transaction) =>
            await InboxReads.ExecuteAsync(writer.Connection, transaction, Sql.AcquireCatchUp(source, holder, now, until), cancellationToken).ConfigureAwait(false) == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task ReleaseCatchUpAsync(string source, string holder, CancellationToken cancellationToken) =>
        WriteAsync(durable: false, (writer, transaction) =>
            InboxReads.ExecuteAsync(writer.Connection, transaction, Sql.ReleaseCatchUp(source, holder), cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task RecordCatchUpRunAsync(CatchUpRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAsync(durable: false, async (writer, transaction) =>
        {
            await ExecuteAsync(writer, transaction, Sql.RecordCatchUpRun(run), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CatchUpRun>> ListCatchUpRunsAsync(string source, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadAsync(Sql.ListCatchUpRuns(source, limit), reader => InboxReads.RunsAsync(Sql.Rows, reader, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetCatchUpCursorAsync(string source, CancellationToken cancellationToken) =>
        ReadAsync(Sql.CatchUpCursor(source), reader => InboxReads.TimeAsync(Sql.Dialect, reader, cancellationToken), cancellationToken);
}
