namespace Hookbox.Cli;

/// <summary>A dead event as <c>dead list --json</c> prints it: the list's fields and the event's deliveries.</summary>
internal sealed record DeadEvent(
    string Id,
    string Source,
    string EventId,
    string Type,
    EventStatus Status,
    DateTimeOffset ReceivedAt,
    EventOrigin Origin,
    string? Subject,
    IReadOnlyList<DeliveryInfo> Deliveries);
