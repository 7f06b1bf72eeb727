namespace Hookbox;

/// <summary>
/// The retention side of the inbox: what <c>Hookbox:Retention</c> prunes, a small batch at a
/// time. Only <c>delivered</c> events are ever pruned: a dead, retrying or pending event still
/// has work to do, and an <c>unrouted</c> one is kept to be replayed once a route matches it,
/// which needs its payload.
/// </summary>
public interface IInboxRetention
{
    /// <summary>
    /// Empties the body and headers of up to <paramref name="max"/> delivered events received
    /// before <paramref name="receivedBefore"/>, oldest first, and records
    /// <paramref name="prunedAt"/> as when: the event, its deliveries and its (source, event id)
    /// stay, so a duplicate is still answered as one. One short transaction; returns how many
    /// events it pruned, fewer than <paramref name="max"/> when there were no more.
    /// </summary>
    Task<int> PrunePayloadsAsync(DateTimeOffset receivedBefore, DateTimeOffset prunedAt, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="max"/> delivered events received before
    /// <paramref name="receivedBefore"/>, oldest first, with their deliveries: after this the
    /// same (source, event id) is accepted as a new event. One short transaction; returns how
    /// many events it deleted, fewer than <paramref name="max"/> when there were no more.
    /// </summary>
    Task<int> PruneDedupeKeysAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken);
}
