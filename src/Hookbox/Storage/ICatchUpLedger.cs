namespace Hookbox.Storage;

/// <summary>
/// The store's side of catch-up: which of the events a sender's API lists the inbox already
/// has, the record of past looks (whose last completed window is the next look's cursor), and
/// a lease so that one look per source runs at a time across every instance on one store.
/// </summary>
public interface ICatchUpLedger
{
    /// <summary>Which of <paramref name="eventIds"/> are stored for <paramref name="source"/>.</summary>
    Task<IReadOnlySet<string>> FindStoredEventIdsAsync(string source, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="subjects"/> have a stored event of <paramref name="source"/> of type <paramref name="eventType"/>, whatever its origin.</summary>
    Task<IReadOnlySet<string>> FindStoredSubjectsAsync(string source, string eventType, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the source's catch-up lease for <paramref name="holder"/> until <paramref name="until"/>:
    /// true when it was free, expired (before <paramref name="now"/>) or already this holder's.
    /// </summary>
    Task<bool> TryAcquireCatchUpAsync(string source, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Gives the lease back, if <paramref name="holder"/> still holds it.</summary>
    Task ReleaseCatchUpAsync(string source, string holder, CancellationToken cancellationToken);

    /// <summary>Records a finished look, and keeps only the latest <c>100</c> of its source.</summary>
    Task RecordCatchUpRunAsync(CatchUpRun run, CancellationToken cancellationToken);

    /// <summary>The source's latest looks, newest first.</summary>
    Task<IReadOnlyList<CatchUpRun>> ListCatchUpRunsAsync(string source, int limit, CancellationToken cancellationToken);

    /// <summary>The window end of the source's last completed look (the latest, if several), or null when none completed.</summary>
    Task<DateTimeOffset?> GetCatchUpCursorAsync(string source, CancellationToken cancellationToken);
}
