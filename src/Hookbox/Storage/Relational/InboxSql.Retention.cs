namespace Hookbox.Storage.Relational;

// Retention and erasure: what empties or deletes events, a small batch at a time. The batches'
// rows are locked with SKIP LOCKED where the dialect locks, so a prune never waits for (or
// deadlocks with) a replay or another instance; an event that stopped matching before the lock
// was taken (a replay) is left alone.
public sealed partial class InboxSql
{
    /// <summary>Empties the body and headers of up to <paramref name="max"/> delivered events received before <paramref name="receivedBefore"/>, oldest first.</summary>
    public SqlStatement PrunePayloads(DateTimeOffset receivedBefore, DateTimeOffset prunedAt, int max) => new SqlStatement(
        $"""
        UPDATE {_events} SET body = @body, headers = @headers, payload_pruned_at = @pruned_at
        WHERE seq IN (
            SELECT seq FROM {_events}{_dialect.IndexedBy("events_payloads_kept")}
            WHERE status = {Literal(EventStatus.Delivered)} AND payload_pruned_at IS NULL AND received_at < @before
            ORDER BY received_at
            LIMIT @max{_dialect.SkipLocked()})
        """)
        .With("body", EmptiedPayload.Body).With("headers", EmptiedPayload.Headers)
        .With("pruned_at", _dialect.Bind(SqlType.Time, prunedAt))
        .With("before", _dialect.Bind(SqlType.Time, receivedBefore)).With("max", max);

    /// <summary>The sequences of up to <paramref name="max"/> delivered events received before <paramref name="receivedBefore"/>, oldest first: their dedupe keys expired.</summary>
    public SqlStatement ExpiredDedupeKeys(DateTimeOffset receivedBefore, int max) => new SqlStatement(
        $"""
        SELECT seq FROM {_events}{_dialect.IndexedBy("events_delivered")}
        WHERE status = {Literal(EventStatus.Delivered)} AND received_at < @before
        ORDER BY received_at LIMIT @max{_dialect.SkipLocked()}
        """)
        .With("before", _dialect.Bind(SqlType.Time, receivedBefore)).With("max", max);

    /// <summary>
    /// The sequences of up to <paramref name="max"/> events of <paramref name="status"/> (unrouted
    /// or dead) received before <paramref name="receivedBefore"/>, oldest first; a dead event
    /// whose other route is still at work waits until that one is done. The status is a constant
    /// so that the planner can prove its partial index applies.
    /// </summary>
    /// <remarks>
    /// Unrouted events have no index of their own: ingest writes them, and every index on that
    /// path costs each commit a rewritten leaf (bench/RESULTS.md). Sequences follow the clock that
    /// stamps <c>received_at</c> (ingest and catch-up stamp the moment they take an event,
    /// milliseconds before its commit gives it a sequence), so the oldest by sequence, read from
    /// the (status, seq) index, are the oldest by time, and those past the cutoff among them are
    /// the ones to delete: a pass reads at most <paramref name="max"/> entries, due or not.
    /// </remarks>
    public SqlStatement ExpiredEvents(EventStatus status, DateTimeOffset receivedBefore, int max)
    {
        var candidates = status switch
        {
            EventStatus.Unrouted =>
                $"""
                SELECT seq FROM {_events}
                WHERE seq IN (SELECT oldest.seq FROM {_events} oldest{_dialect.IndexedBy("events_status")} WHERE oldest.status = {Literal(status)} ORDER BY oldest.seq LIMIT @max)
                  AND status = {Literal(status)} AND received_at < @before
                """,
            EventStatus.Dead =>
                $"""
                SELECT seq FROM {_events}{_dialect.IndexedBy("events_dead")}
                WHERE status = {Literal(status)} AND received_at < @before
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "retention deletes unrouted or dead events only"),
        };
        return new SqlStatement(
            $"""
            {candidates}
              AND NOT EXISTS (SELECT 1 FROM {_deliveries} d WHERE d.event_seq = events.seq AND d.{Waiting})
            ORDER BY received_at LIMIT @max{_dialect.SkipLocked()}
            """)
            .With("before", _dialect.Bind(SqlType.Time, receivedBefore)).With("max", max);
    }

    /// <summary>Deletes events with their deliveries, the deliveries first (they refer to the events).</summary>
    public IReadOnlyList<SqlStatement> DeleteEvents(IReadOnlyCollection<long> sequences) =>
    [
        new SqlStatement($"DELETE FROM {_deliveries} WHERE {_dialect.InList("event_seq", "seqs")}").With("seqs", _dialect.BindList(SqlType.BigInt, sequences)),
        new SqlStatement($"DELETE FROM {_events} WHERE {_dialect.InList("seq", "seqs")}").With("seqs", _dialect.BindList(SqlType.BigInt, sequences)),
    ];

    /// <summary>An event's sequence and when it was erased, by its id, locked where the dialect locks.</summary>
    public SqlStatement FindForErasure(string id) =>
        new SqlStatement($"SELECT seq, erased_at FROM {_events} WHERE id = @id{_dialect.ForUpdate}").With("id", id);

    /// <summary>The sequences of the events about <paramref name="subject"/> not erased yet, locked where the dialect locks.</summary>
    public SqlStatement FindSubjectForErasure(string subject) => new SqlStatement(
        $"SELECT seq FROM {_events}{_dialect.IndexedBy("events_subject_key")} WHERE subject_key = @subject_key AND subject = @subject AND erased_at IS NULL ORDER BY seq{_dialect.ForUpdate}")
        .With("subject_key", SubjectKey.Of(subject)).With("subject", subject);

    /// <summary>
    /// Up to <paramref name="max"/> events after <paramref name="after"/> not erased yet whose body
    /// holds <paramref name="email"/>'s text in any case, with their bodies: candidates that
    /// <see cref="PayloadEmail"/> then checks for a whole string value.
    /// </summary>
    public SqlStatement EmailCandidates(long after, string email, int max) => new SqlStatement(
        $"""
        SELECT seq, body FROM {_events}
        WHERE seq > @after AND erased_at IS NULL AND {_dialect.ContainsIgnoringCase("body", "email")}
        ORDER BY seq LIMIT @max
        """)
        .With("after", after).With("email", email).With("max", max);

    /// <summary>Empties the body and headers of the events of <paramref name="sequences"/> not erased yet; returns their sequences.</summary>
    public SqlStatement Erase(IEnumerable<long> sequences, DateTimeOffset erasedAt) => new SqlStatement(
        $"UPDATE {_events} SET body = @body, headers = @headers, erased_at = @at WHERE {_dialect.InList("seq", "seqs")} AND erased_at IS NULL RETURNING seq")
        .With("body", EmptiedPayload.Body).With("headers", EmptiedPayload.Headers)
        .With("at", _dialect.Bind(SqlType.Time, erasedAt))
        .With("seqs", _dialect.BindList(SqlType.BigInt, sequences));

    /// <summary>Ends the waiting deliveries of erased events: an empty body is not the event.</summary>
    public SqlStatement StopErased(IEnumerable<long> sequences) =>
        MarkDead(_dialect.InList("event_seq", "seqs"), ErasureMessages.DeliveryStopped)
            .With("seqs", _dialect.BindList(SqlType.BigInt, sequences));
}
