namespace Hookbox.Storage;

/// <summary>The dispatcher's side of the inbox: deliveries to lease, outcomes to record.</summary>
public interface IDeliveryLeases
{
    /// <summary>
    /// Leases, for each of <paramref name="requests"/>, up to its <see cref="LeaseRequest.Max"/>
    /// due deliveries of its route until <paramref name="leaseUntil"/>, counting an attempt for
    /// each, all routes in one write: a dispatcher with many routes takes one lease per round,
    /// not one per route. Each route's deliveries come in sequence order. A lease that is never
    /// completed expires and the delivery is due again. A delivery whose last allowed attempt
    /// never reported back (its process died) gets one more run; if that one does not report
    /// either, it is marked dead, so a handler that crashes its process cannot loop for ever.
    /// For an ordered route, a delivery is due only when no earlier delivery with its key is
    /// still pending or retrying.
    /// </summary>
    Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(IReadOnlyList<LeaseRequest> requests, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken);

    /// <summary>
    /// Extends to <paramref name="until"/> the leases that still hold, all in one write: an
    /// attempt that runs longer than its lease keeps its delivery from running again beside it.
    /// A lease that expired and was taken again, or whose event was replayed or its delivery
    /// completed, is not renewed. Returns how many were.
    /// </summary>
    Task<int> RenewAsync(IReadOnlyList<DeliveryLease> leases, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Records outcomes whose lease still holds, and the events' statuses with them.</summary>
    Task CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>
    /// Marks dead, with a message saying why, every pending or retrying delivery to a route not
    /// in <paramref name="routes"/>: a route removed from configuration would otherwise leave
    /// its events pending for ever. Returns how many there were.
    /// </summary>
    Task<int> StopOrphanedDeliveriesAsync(IReadOnlyCollection<string> routes, CancellationToken cancellationToken);

    /// <summary>When the earliest pending or retrying delivery is due, if there is one.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);
}
