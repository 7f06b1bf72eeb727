namespace Hookbox;

/// <summary>
/// Replays events: what the events API, the dashboard and the CLI ask for. The store does the
/// work in its own transactions (<see cref="IInboxAdmin"/>); this decides what each event's
/// deliveries become (the routes that match it now, from its payload) and wakes the dispatcher.
/// </summary>
internal sealed class EventReplayer(IInboxAdmin admin, RouteTable routes, DispatchSignal dispatch, TimeProvider timeProvider)
{
    /// <summary>Replays one event, or says why not.</summary>
    public async Task<ReplayResult> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        var result = await admin.ReplayAsync(id, Plan, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (result == ReplayResult.Replayed)
            dispatch.Ring();

        return result;
    }

    /// <summary>Replays every event matching <paramref name="filter"/> that can be; returns how many were.</summary>
    public async Task<int> ReplayManyAsync(ReplayFilter filter, CancellationToken cancellationToken)
    {
        var replayed = await admin.ReplayManyAsync(filter, Plan, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        dispatch.Ring();
        return replayed;
    }

    private IReadOnlyList<PlannedDelivery> Plan(StoredEvent stored) => routes.Plan(stored.Summary.Source, stored.Summary.Type, stored.Body);
}
