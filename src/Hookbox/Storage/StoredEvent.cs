namespace Hookbox.Storage;

/// <summary>An event with everything kept about it.</summary>
/// <param name="Summary">The fields the list shows.</param>
/// <param name="SenderTimestamp">The time the sender stamped on the request, if any.</param>
/// <param name="ContentType">The request's content type.</param>
/// <param name="Headers">The received headers, a UTF-8 JSON object; <c>{}</c> once the payload was pruned.</param>
/// <param name="Body">The raw body, byte for byte as received; empty once the payload was pruned.</param>
/// <param name="Deliveries">Its deliveries, one per route (none when it is unrouted, or when the event is given to a delivery).</param>
/// <param name="PayloadPrunedAt">When retention emptied its body and headers (<c>Hookbox:Retention:Payloads</c>); null while they are kept.</param>
/// <param name="ErasedAt">When its body and headers were erased on request (<see cref="IInboxErasure"/>); null while they are kept.</param>
public sealed record StoredEvent(
    EventSummary Summary,
    DateTimeOffset? SenderTimestamp,
    string? ContentType,
    ReadOnlyMemory<byte> Headers,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<DeliveryInfo> Deliveries,
    DateTimeOffset? PayloadPrunedAt = null,
    DateTimeOffset? ErasedAt = null);
