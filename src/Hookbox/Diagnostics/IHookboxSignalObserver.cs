namespace Hookbox;

/// <summary>
/// Hears <see cref="HookboxSignals"/>. Called on the thread that raised the signal, on the ingest
/// and dispatch paths: an observer returns quickly, does not allocate, and does not throw.
/// Each method does nothing unless the observer overrides it.
/// </summary>
internal interface IHookboxSignalObserver
{
    /// <summary>A delivery attempt finished, or was stopped by shutdown.</summary>
    void OnAttemptFinished(in AttemptFinished attempt)
    {
    }

    /// <summary>A webhook request to a known source was answered.</summary>
    void OnRequestAnswered(in RequestAnswered request)
    {
    }
}
