namespace Hookbox.Storage;

/// <summary>
/// The retention side of the inbox: what <c>Hookbox:Retention</c> prunes, a small batch at a
/// time. A <c>delivered</c> event loses its payload first and its record later; an
/// <c>unrouted</c> or <c>dead</c> one keeps its payload, which a replay needs, until it is
/// deleted whole. A pending or retrying event still has work to do and is never pruned.
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

    /// <summary>
    /// Deletes up to <paramref name="max"/> events of <paramref name="status"/>
    /// (<see cref="EventStatus.Unrouted"/> or <see cref="EventStatus.Dead"/>) received before
    /// <paramref name="receivedBefore"/>, oldest first, with their deliveries; a dead event one of
    /// whose other deliveries is still pending or retrying is left for a later pass. After this
    /// the same (source, event id) is accepted as a new event. One short transaction; returns how
    /// many events it deleted, fewer than <paramref name="max"/> when there were no more.
    /// </summary>
    Task<int> PruneEventsAsync(EventStatus status, DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken);
}
