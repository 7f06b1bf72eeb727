using Hookbox.Storage.Relational;

namespace Hookbox.PostgreSql;

// The lease is one row per source that every instance's look competes for with one upsert;
// the runs are a short history per source, trimmed as each one is recorded.
public sealed partial class PostgreSqlInboxStore
{
    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindStoredEventIdsAsync(string source, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) =>
        FindKeysAsync(eventIds, () => _sql.FindStoredEventIds(source, eventIds), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindStoredSubjectsAsync(string source, string eventType, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken) =>
        FindKeysAsync(subjects, () => _sql.FindStoredSubjects(source, eventType, subjects), cancellationToken);

    private Task<IReadOnlySet<string>> FindKeysAsync(IReadOnlyCollection<string> keys, Func<SqlStatement> find, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Count == 0
            ? Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(StringComparer.Ordinal))
            : ReadAsync(find(), reader => InboxReads.TextsAsync(reader, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryAcquireCatchUpAsync(string source, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await InboxReads.ExecuteAsync(connection, null, _sql.AcquireCatchUp(source, holder, now, until), cancellationToken).ConfigureAwait(false) == 1;
    });

    /// <inheritdoc />
    public Task ReleaseCatchUpAsync(string source, string holder, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await InboxReads.ExecuteAsync(connection, null, _sql.ReleaseCatchUp(source, holder), cancellationToken).ConfigureAwait(false);
    });

    /// <inheritdoc />
    public Task RecordCatchUpRunAsync(CatchUpRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunAsync(async () =>
        {
            // One round trip, one implicit transaction. Run twice after a lost answer, it lists the
            // look twice: a line too many in a history, never a wrong cursor.
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, _sql.RecordCatchUpRun(run), cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CatchUpRun>> ListCatchUpRunsAsync(string source, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadAsync(_sql.ListCatchUpRuns(source, limit), reader => InboxReads.RunsAsync(_sql.Rows, reader, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetCatchUpCursorAsync(string source, CancellationToken cancellationToken) =>
        ReadAsync(_sql.CatchUpCursor(source), reader => InboxReads.TimeAsync(_sql.Dialect, reader, cancellationToken), cancellationToken);
}
