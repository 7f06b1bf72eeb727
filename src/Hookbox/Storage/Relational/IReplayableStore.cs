namespace Hookbox.Storage.Relational;

/// <summary>
/// What a relational store gives <see cref="RelationalReplay"/>: its reads, and one write
/// transaction per page. <see cref="IInboxAdmin"/> comes with it, written once here.
/// </summary>
internal interface IReplayableStore : IInboxAdmin
{
    /// <summary>One event with its sequence, or null when no event has that id.</summary>
    Task<(long Sequence, StoredEvent Event)?> FindEventAsync(string id, CancellationToken cancellationToken);

    /// <summary>A page of whole events (bodies included, deliveries not) matching <paramref name="query"/>, newest first (<see cref="InboxSql.ListWholeEvents"/>).</summary>
    Task<Page<(long Sequence, StoredEvent Event)>> ListEventsWithPayloadsAsync(EventQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// In one durable transaction: reads <see cref="InboxSql.ReplayStates"/> for the events, then
    /// runs <see cref="InboxSql.Replay"/> for those that may be replayed; returns what became of each.
    /// </summary>
    Task<IReadOnlyDictionary<long, ReplayResult>> ReplayAsync(IReadOnlyList<EventReplay> replays, DateTimeOffset now, CancellationToken cancellationToken);

    Task<ReplayResult> IInboxAdmin.ReplayAsync(string id, DeliveryPlan plan, DateTimeOffset now, CancellationToken cancellationToken) =>
        RelationalReplay.ReplayAsync(this, id, plan, now, cancellationToken);

    Task<int> IInboxAdmin.ReplayManyAsync(ReplayFilter filter, DeliveryPlan plan, DateTimeOffset now, CancellationToken cancellationToken) =>
        RelationalReplay.ReplayManyAsync(this, filter, plan, now, cancellationToken);
}
