namespace Hookbox.Storage;

/// <summary>
/// The operator's side of the inbox: replay. Each replayed event runs its deliveries again from
/// their first attempt, dead ones included, and its deliveries become those <c>plan</c> gives it
/// now, so an unrouted event is delivered once a route matches it and a delivery to a route that
/// no longer exists is dropped. An event whose payload was pruned or erased has nothing to
/// deliver and is refused, changing nothing; that is checked again in the write's own
/// transaction, so a replay and a prune or an erasure never cross. Durable before it answers.
/// </summary>
public interface IInboxAdmin
{
    /// <summary>Replays one event, or says why not.</summary>
    Task<ReplayResult> ReplayAsync(string id, DeliveryPlan plan, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Replays every event matching <paramref name="filter"/>, a page at a time from a snapshot of
    /// the ids (replayed events change status, and the cursor keeps the walk from seeing them
    /// twice), one transaction of set-based statements per page; events that cannot be replayed
    /// are skipped. Returns how many were replayed.
    /// </summary>
    Task<int> ReplayManyAsync(ReplayFilter filter, DeliveryPlan plan, DateTimeOffset now, CancellationToken cancellationToken);
}
