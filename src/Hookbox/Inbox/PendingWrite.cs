namespace Hookbox;

/// <summary>One item waiting for the group-commit writer: an event whose request awaits its commit, or a rejection nobody waits for.</summary>
internal abstract class PendingWrite;

/// <summary>An event and the completion its request is waiting on.</summary>
internal sealed class PendingAppend(IncomingEvent incoming) : PendingWrite
{
    public IncomingEvent Event { get; } = incoming;

    // Continuations run on the thread pool, so completing a batch never runs 256 requests' code on the writer's thread.
    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A rejection for the log.</summary>
internal sealed class PendingRejection(Rejection rejection) : PendingWrite
{
    public Rejection Rejection { get; } = rejection;
}
