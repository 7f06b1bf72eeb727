using Hookbox.Storage.Relational;

namespace Hookbox.Sqlite;

// Replays are durable before they answer, and go through the one write connection: their check
// and their write are one transaction, which retention's prunes and erasure never cross.
public sealed partial class SqliteInboxStore
{
    Task<Page<(long Sequence, StoredEvent Event)>> IReplayableStore.ListEventsWithPayloadsAsync(EventQuery query, CancellationToken cancellationToken) =>
        ReadAsync(Sql.ListWholeEvents(query), reader => Sql.Rows.WholeEventPageAsync(reader, query.Limit, cancellationToken), cancellationToken);

    Task<IReadOnlyDictionary<long, ReplayResult>> IReplayableStore.ReplayAsync(IReadOnlyList<EventReplay> replays, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyDictionary<long, ReplayResult>>(durable: true, async (writer, transaction) =>
        {
            var states = await InboxReads.QueryAsync(writer.Connection, transaction, Sql.ReplayStates(replays.Select(r => r.Sequence)),
                reader => RelationalReplay.ReadStatesAsync(reader, replays, cancellationToken), cancellationToken).ConfigureAwait(false);
            List<EventReplay> replayable = [.. replays.Where(r => states[r.Sequence] == ReplayResult.Replayed)];
            if (replayable.Count > 0)
                await ExecuteAsync(writer, transaction, Sql.Replay(replayable, now), cancellationToken).ConfigureAwait(false);

            return states;
        }, cancellationToken);
}
