namespace Hookbox;

/// <summary>One event a sender's API lists.</summary>
/// <param name="EventId">The id its webhook carries (or, where the API has no events, a stable id made from what it lists).</param>
/// <param name="EventType">Its type, as its webhook would carry it.</param>
/// <param name="Subject">The business key it is about, when known.</param>
/// <param name="OccurredAt">When it happened, by the sender's clock, when the API says.</param>
/// <param name="Payload">The body its webhook carries, as UTF-8 JSON; empty when the list does not hold it and <see cref="ICatchUpSender.CompleteAsync"/> must fetch it.</param>
/// <param name="Detail">Where the sender finds the payload later (GitHub: the delivery's id); null when <paramref name="Payload"/> is set.</param>
public sealed record CatchUpItem(
    string EventId,
    string EventType,
    string? Subject,
    DateTimeOffset? OccurredAt,
    ReadOnlyMemory<byte> Payload,
    string? Detail = null);
