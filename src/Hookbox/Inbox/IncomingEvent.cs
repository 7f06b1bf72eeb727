namespace Hookbox;

/// <summary>A verified event on its way into the inbox.</summary>
/// <param name="Id">Hookbox's id for the event, time-ordered; the one answered to the sender if this is the first copy.</param>
/// <param name="Source">The source's name.</param>
/// <param name="Envelope">The sender's event id and the event type.</param>
/// <param name="ReceivedAt">When Hookbox received the request.</param>
/// <param name="SenderTimestamp">The time the sender stamped on the request, if any.</param>
/// <param name="ContentType">The request's content type, as sent.</param>
/// <param name="Headers">The received headers as a UTF-8 JSON object, credentials redacted.</param>
/// <param name="Body">The raw body bytes, exactly as received and verified.</param>
/// <param name="Deliveries">The routes it goes to; none makes it <c>unrouted</c>.</param>
public sealed record IncomingEvent(
    string Id,
    string Source,
    EventEnvelope Envelope,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? SenderTimestamp,
    string? ContentType,
    ReadOnlyMemory<byte> Headers,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<PlannedDelivery> Deliveries);
