namespace Hookbox;

/// <summary>How an attempt ended, as the dispatcher sees it.</summary>
internal enum AttemptEnd
{
    /// <summary>The target answered, succeeded or failed (an exception is a failure).</summary>
    Finished,

    /// <summary>The attempt timeout passed first: a failure. The target may still be running.</summary>
    TimedOut,

    /// <summary>Shutdown stopped it: not a failure, and it does not count.</summary>
    Abandoned,
}
