namespace Hookbox.Storage;

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
/// <param name="Origin">How it arrived: a webhook, or a catch-up look at the sender's API.</param>
/// <param name="CatchUpId">
/// The event id a catch-up look gives this same event when the sender's API knows it by another
/// name than its webhook does (a Pocketsflow order has no webhook id in the API): if an event of
/// the source is stored under it, this one is a duplicate of that one. Null for most events.
/// </param>
/// <param name="BodySha256">
/// The lowercase hex SHA-256 of the body, for a source whose event ids are not signed (GitHub):
/// if an event of the source is stored with the same digest, this one is a duplicate of it,
/// whatever its event id. Null for the sources that do not dedupe on the body.
/// </param>
public sealed record IncomingEvent(
    string Id,
    string Source,
    EventEnvelope Envelope,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? SenderTimestamp,
    string? ContentType,
    ReadOnlyMemory<byte> Headers,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<PlannedDelivery> Deliveries,
    EventOrigin Origin = EventOrigin.Webhook,
    string? CatchUpId = null,
    string? BodySha256 = null);
