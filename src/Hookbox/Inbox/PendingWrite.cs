namespace Hookbox;

/// <summary>One item waiting for the group-commit writer: an event whose request awaits its commit, or a rejection nobody waits for.</summary>
internal abstract class PendingWrite;

/// <summary>An event and the completion its request is waiting on.</summary>
internal sealed class PendingAppend(IncomingEvent incoming) : PendingWrite
{
    public IncomingEvent Event { get; } = incoming;

    // Completed from one thread-pool work item per batch (see GroupCommitWriter), where each
    // request's continuation runs inline: one thread wake per commit instead of one per event.
    public TaskCompletionSource<AppendResult> Completion { get; } = new();
}

/// <summary>A rejection for the log.</summary>
internal sealed class PendingRejection(Rejection rejection) : PendingWrite
{
    public Rejection Rejection { get; } = rejection;
}
