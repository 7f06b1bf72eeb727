namespace Hookbox.Storage;

/// <summary>The deliveries an event gets now: the routes that match it (<c>RouteTable.Plan</c>), decided by the core, not the store.</summary>
public delegate IReadOnlyList<PlannedDelivery> DeliveryPlan(StoredEvent stored);
