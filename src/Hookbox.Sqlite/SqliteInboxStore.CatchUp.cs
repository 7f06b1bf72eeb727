namespace Hookbox.Sqlite;

// Placeholder until the catch-up ledger is written for this store.
public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindStoredEventIdsAsync(string source, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindStoredSubjectsAsync(string source, string eventType, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<bool> TryAcquireCatchUpAsync(string source, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task ReleaseCatchUpAsync(string source, string holder, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task RecordCatchUpRunAsync(CatchUpRun run, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<CatchUpRun>> ListCatchUpRunsAsync(string source, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetCatchUpCursorAsync(string source, CancellationToken cancellationToken) => throw new NotSupportedException();
}
