namespace Hookbox.Storage.Relational;

/// <summary>One event to replay: the store's key for it and the deliveries it gets now.</summary>
internal sealed record EventReplay(long Sequence, IReadOnlyList<PlannedDelivery> Deliveries);
