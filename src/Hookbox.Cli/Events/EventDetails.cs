using System.Text.Json;

namespace Hookbox.Cli;

/// <summary>
/// One event as <c>GET /api/events/{id}</c> shows it. Once retention pruned a delivered event, or
/// it was erased on request (<c>ErasedAt</c> says when), <c>Headers</c> is empty (the stores
/// write <c>{}</c>) and <c>Payload</c> a JSON null.
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
