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

    /// <summary>
    /// The most body and header bytes waiting for a commit before new events are answered 503
    /// with Retry-After, beside <see cref="MaxQueuedEvents"/>: a few large bodies must not hold
    /// the memory of thousands. Default 67108864 (64 MiB).
    /// </summary>
    public long MaxQueuedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many refused requests the rejection log keeps; older ones are dropped. Default 10000.</summary>
    public int RejectionLogCapacity { get; set; } = 10_000;

    /// <summary>
    /// How many refused requests the rejection log keeps per source, so a flood of refusals to one
    /// source never evicts another's. Default 1000.
    /// </summary>
    public int RejectionLogPerSource { get; set; } = 1000;

    /// <summary>The most bytes (headers and messages) the rejection log keeps; older entries are dropped. Default 33554432 (32 MiB).</summary>
    public long RejectionLogMaxBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// The most header bytes the rejection log keeps of one request; headers past it are left out
    /// and a <c>hookbox-truncated</c> entry says how many. Default 8192.
    /// </summary>
    public int RejectionHeaderBytes { get; set; } = 8192;
}
