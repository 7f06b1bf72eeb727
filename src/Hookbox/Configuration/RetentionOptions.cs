namespace Hookbox;

/// <summary>
/// How long the inbox keeps what it received, bound from <c>Hookbox:Retention</c>. Delivered
/// events lose their payloads, then their records; unrouted and dead events, which still wait
/// for someone to act on them, are deleted whole after their own, longer, periods.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>
    /// How long after it was received a delivered event keeps its body and headers; after that
    /// they are emptied and the event shows when. Default 30 days.
    /// </summary>
    public TimeSpan Payloads { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long after it was received a delivered event's record, and with it its (source,
    /// event id), is kept, so a sender's late retry is still answered <c>duplicate</c>; after
    /// that the event is deleted. At least <see cref="Payloads"/>. Default 90 days.
    /// </summary>
    public TimeSpan DedupeKeys { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long after it was received an unrouted event (no route matched it) is kept, payload
    /// and all, to be replayed once a route does; after that it is deleted with its (source,
    /// event id). <see cref="TimeSpan.Zero"/> keeps them. Default 30 days.
    /// </summary>
    public TimeSpan Unrouted { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long after it was received a dead event (a delivery ran out of attempts) is kept, to
    /// be replayed; after that it is deleted with its deliveries and its (source, event id).
    /// <see cref="TimeSpan.Zero"/> keeps them. Default 90 days.
    /// </summary>
    public TimeSpan Dead { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often pruning runs, at most a day apart; it also runs at start. Default 1 hour.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The most events one prune transaction touches. Small, so ingest, which shares SQLite's
    /// one writer, never waits long behind it. Default 500.
    /// </summary>
    public int BatchSize { get; set; } = 500;
}
