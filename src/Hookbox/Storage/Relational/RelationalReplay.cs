using System.Data.Common;

namespace Hookbox.Storage.Relational;

/// <summary>
/// Replay, as both relational stores run it (<see cref="IInboxAdmin"/>): the events are read and
/// planned outside any transaction, then each page is written in one transaction that checks
/// again, under its locks, that each event can still be replayed.
/// </summary>
internal static class RelationalReplay
{
    /// <summary>Events read, planned and written at once: their bodies are in memory together.</summary>
    public const int PageSize = 200;

    public static async Task<ReplayResult> ReplayAsync(IReplayableStore store, string id, DeliveryPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(plan);
        if (await store.FindEventAsync(id, cancellationToken).ConfigureAwait(false) is not { } found)
            return ReplayResult.NotFound;

        var (sequence, stored) = found;

        // Routes are planned from the payload, so a pruned or erased one stops here.
        if (Refused(stored) is { } refused)
            return refused;

        var results = await store.ReplayAsync([new EventReplay(sequence, plan(stored))], now, cancellationToken).ConfigureAwait(false);
        return results.GetValueOrDefault(sequence, ReplayResult.NotFound);
    }

    public static async Task<int> ReplayManyAsync(IReplayableStore store, ReplayFilter filter, DeliveryPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(plan);
        var replayed = 0;
        long? after = null;
        do
        {
            var page = await store.ListEventsWithPayloadsAsync(new EventQuery(filter.Source, filter.Type, filter.Status, PageSize, after), cancellationToken).ConfigureAwait(false);
            List<EventReplay> replays = [.. page.Items.Where(e => Refused(e.Event) is null).Select(e => new EventReplay(e.Sequence, plan(e.Event)))];
            if (replays.Count > 0)
            {
                var results = await store.ReplayAsync(replays, now, cancellationToken).ConfigureAwait(false);
                replayed += results.Values.Count(r => r == ReplayResult.Replayed);
            }

            after = page.Next;
        }
        while (after is not null);

        return replayed;
    }

    /// <summary>What each event of <paramref name="replays"/> may become, from <see cref="InboxSql.ReplayStates"/>'s rows; an event without a row is gone.</summary>
    public static async Task<Dictionary<long, ReplayResult>> ReadStatesAsync(DbDataReader reader, IReadOnlyList<EventReplay> replays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(replays);
        var results = replays.ToDictionary(r => r.Sequence, _ => ReplayResult.NotFound);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results[reader.GetInt64(0)] = reader.GetInt32(1) switch
            {
                0 => ReplayResult.Replayed,
                1 => ReplayResult.PayloadPruned,
                _ => ReplayResult.Erased,
            };
        }

        return results;
    }

    private static ReplayResult? Refused(StoredEvent stored) =>
        stored.ErasedAt is not null ? ReplayResult.Erased
        : stored.PayloadPrunedAt is not null ? ReplayResult.PayloadPruned
        : null;
}
