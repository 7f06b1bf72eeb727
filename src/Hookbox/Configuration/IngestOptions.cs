namespace Hookbox;

/// <summary>Tuning of the ingest path. The defaults suit a single machine; they rarely need changing.</summary>
public sealed class IngestOptions
{
    /// <summary>The most events one commit holds. Default 256.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// The most events waiting for a commit before new ones are answered 503 with Retry-After,
    /// so a store that has stalled sheds load instead of holding requests past the sender's
    /// timeout. Default 10000.
    /// </summary>
    public int MaxQueuedEvents { get; set; } = 10_000;

    /// <summary>How many refused requests the rejection log keeps; older ones are dropped. Default 10000.</summary>
    public int RejectionLogCapacity { get; set; } = 10_000;
}
