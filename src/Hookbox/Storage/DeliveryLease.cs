namespace Hookbox.Storage;

/// <summary>A lease a dispatcher holds on one delivery while its attempt runs.</summary>
/// <param name="EventSequence">The store's key for the event.</param>
/// <param name="Route">The route's name.</param>
/// <param name="LeaseId">The lease, as <see cref="LeasedDelivery.LeaseId"/> gave it.</param>
public sealed record DeliveryLease(long EventSequence, string Route, string LeaseId);
