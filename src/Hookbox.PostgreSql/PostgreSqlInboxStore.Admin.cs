using Hookbox.Storage.Relational;

namespace Hookbox.PostgreSql;

// A page's replay is one transaction: its events locked first, in sequence order, as outcomes and
// erasures lock them, then one round trip of set-based statements and the NOTIFY.
public sealed partial class PostgreSqlInboxStore
{
    Task<Page<(long Sequence, StoredEvent Event)>> IReplayableStore.ListEventsWithPayloadsAsync(EventQuery query, CancellationToken cancellationToken) =>
        ReadAsync(_sql.ListWholeEvents(query), reader => _sql.Rows.WholeEventPageAsync(reader, query.Limit, cancellationToken), cancellationToken, LongCommandTimeoutSeconds);

    Task<IReadOnlyDictionary<long, ReplayResult>> IReplayableStore.ReplayAsync(IReadOnlyList<EventReplay> replays, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyDictionary<long, ReplayResult>>(async connection =>
        {
            // The row locks order this with a prune or an erasure of the same events: one that came
            // first shows here, and one that comes after finds the events pending and leaves them.
            var states = await InboxReads.QueryAsync(connection, null, _sql.ReplayStates(replays.Select(r => r.Sequence)),
                reader => RelationalReplay.ReadStatesAsync(reader, replays, cancellationToken), cancellationToken).ConfigureAwait(false);
            List<EventReplay> replayable = [.. replays.Where(r => states[r.Sequence] == ReplayResult.Replayed)];
            if (replayable.Count > 0)
                await ExecuteAsync(connection, [.. _sql.Replay(replayable, now), Notify()], cancellationToken, LongCommandTimeoutSeconds).ConfigureAwait(false);

            return states;
        }, cancellationToken);
}
