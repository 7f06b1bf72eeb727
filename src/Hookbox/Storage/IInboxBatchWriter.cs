namespace Hookbox.Storage;

/// <summary>The write side a store offers the group-commit writer: one transaction per call.</summary>
public interface IInboxBatchWriter
{
    /// <summary>
    /// Appends <paramref name="events"/> and <paramref name="rejections"/> in one transaction and
    /// commits it durably before returning. Returns one result per event, in order; an event
    /// whose (source, event id) is already stored, or appears earlier in the same batch, is a
    /// <see cref="AppendStatus.Duplicate"/> of the first. Throws when the transaction failed,
    /// in which case nothing of the batch is stored.
    /// </summary>
    /// <remarks>
    /// The group-commit writer calls again before an earlier batch has returned (it keeps two in
    /// flight), so the next batch is written while one is made durable. A store takes concurrent
    /// calls, and does not return a duplicate of an event another call stored before that event
    /// is durable too.
    /// </remarks>
    Task<IReadOnlyList<AppendResult>> WriteBatchAsync(
        IReadOnlyList<IncomingEvent> events,
        IReadOnlyList<Rejection> rejections,
        CancellationToken cancellationToken);
}
