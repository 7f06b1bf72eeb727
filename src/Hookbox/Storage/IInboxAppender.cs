namespace Hookbox.Storage;

/// <summary>The ingest side of the inbox: what the webhook endpoint records into.</summary>
public interface IInboxAppender
{
    /// <summary>
    /// Appends an event and completes once it is durable (or known to be a duplicate).
    /// Throws <see cref="StoreUnavailableException"/> when it could not be recorded. The answers
    /// of one commit are delivered one after another on one thread: code that awaits this must
    /// not block after the await, or it delays every other request of its batch.
    /// </summary>
    ValueTask<AppendResult> AppendAsync(IncomingEvent incoming, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a rejection for the log without waiting for it: a refused request's answer never
    /// waits on the disk. Returns false when the log is too far behind and the entry was dropped.
    /// </summary>
    bool TryRecordRejection(Rejection rejection);
}
