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
    Task<IReadOnlyList<AppendResult>> WriteBatchAsync(
        IReadOnlyList<IncomingEvent> events,
        IReadOnlyList<Rejection> rejections,
        CancellationToken cancellationToken);
}
