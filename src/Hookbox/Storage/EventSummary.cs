namespace Hookbox.Storage;

/// <summary>An event as the list shows it.</summary>
/// <param name="Id">Hookbox's id.</param>
/// <param name="Source">The source's name.</param>
/// <param name="EventId">The sender's event id.</param>
/// <param name="Type">The event type.</param>
/// <param name="Status">See <see cref="EventStatus"/>.</param>
/// <param name="ReceivedAt">When Hookbox received it (for a recovered event: when the look stored it).</param>
/// <param name="Origin">How it arrived.</param>
/// <param name="Subject">The business key it is about, or null where the source has none.</param>
/// <param name="LastErrorRoute">
/// For a dead or retrying event in a listing: the route of the delivery that failed (its dead one
/// first, then by route name); null otherwise, and wherever the event is shown with its deliveries.
/// </param>
/// <param name="LastError">That delivery's last error, so a listing of failing events says why without a request per event.</param>
public sealed record EventSummary(
    string Id,
    string Source,
    string EventId,
    string Type,
    EventStatus Status,
    DateTimeOffset ReceivedAt,
    EventOrigin Origin = EventOrigin.Webhook,
    string? Subject = null,
    string? LastErrorRoute = null,
    string? LastError = null);
