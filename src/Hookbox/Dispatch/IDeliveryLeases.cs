namespace Hookbox;

/// <summary>The dispatcher's side of the inbox: deliveries to lease, outcomes to record, events to replay.</summary>
public interface IDeliveryLeases
{
    /// <summary>
    /// Leases up to <paramref name="max"/> due deliveries of <paramref name="route"/> until
    /// <paramref name="leaseUntil"/>, counting an attempt for each; a lease that is never
    /// completed expires and the delivery is due again. Deliveries whose attempts are used up by
    /// leases that expired are marked dead instead. For an ordered route, a delivery is due only
    /// when no earlier delivery with its key is still pending or retrying.
    /// </summary>
    Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(string route, int max, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken);

    /// <summary>Records outcomes whose lease still holds, and the events' statuses with them.</summary>
    Task CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>When the earliest pending or retrying delivery is due, if there is one.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs every delivery of the event again, dead ones included, from its first attempt, and
    /// adds deliveries for the routes in <paramref name="planned"/> it does not have yet (an
    /// unrouted event, once a route matches it). False when no event has that id.
    /// </summary>
    Task<bool> ReplayAsync(string id, IReadOnlyList<PlannedDelivery> planned, DateTimeOffset now, CancellationToken cancellationToken);
}
