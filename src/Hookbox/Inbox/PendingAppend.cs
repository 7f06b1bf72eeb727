namespace Hookbox;

/// <summary>An event waiting for the group-commit writer, and the completion its request is waiting on.</summary>
internal sealed class PendingAppend(IncomingEvent incoming)
{
    public IncomingEvent Event { get; } = incoming;

    // Completed from one thread-pool work item per batch (see GroupCommitWriter), where each
    // request's continuation runs inline: one thread wake per commit instead of one per event.
    public TaskCompletionSource<AppendResult> Completion { get; } = new();
}
