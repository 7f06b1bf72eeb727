namespace Hookbox.Storage;

/// <summary>A delivery taken by a dispatcher for one attempt, with the event it carries.</summary>
/// <param name="EventSequence">The store's key for the event.</param>
/// <param name="Route">The route's name.</param>
/// <param name="Attempt">This attempt's number, the first being 1.</param>
/// <param name="LeaseId">Proof of the lease: an outcome is recorded only while it holds.</param>
/// <param name="Event">The event, with its body and headers.</param>
public sealed record LeasedDelivery(long EventSequence, string Route, int Attempt, string LeaseId, StoredEvent Event);
