using System.Text.Json;

namespace Hookbox.Cli;

/// <summary>
/// One event as <c>GET /api/events/{id}</c> shows it. <c>Headers</c> is null, and <c>Payload</c>
/// a JSON null, once retention pruned them from a delivered event or they were erased on
/// request (<c>ErasedAt</c> says when).
/// </summary>
internal sealed record EventDetails(
    string Id,
    string Source,
    string EventId,
    string Type,
    EventStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? SenderTimestamp,
    string? ContentType,
    IReadOnlyDictionary<string, string>? Headers,
    JsonElement Payload,
    IReadOnlyList<DeliveryInfo> Deliveries,
    EventOrigin Origin = EventOrigin.Webhook,
    string? Subject = null,
    DateTimeOffset? ErasedAt = null);
