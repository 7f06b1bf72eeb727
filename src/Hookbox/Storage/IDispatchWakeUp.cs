namespace Hookbox.Storage;

/// <summary>
/// Wakes this instance's dispatcher, so deliveries a store learns of (another instance's commit,
/// a reconnection after missed notifications) go out now rather than at the next poll. Hookbox
/// registers it as a singleton; a store provider takes it from DI.
/// </summary>
public interface IDispatchWakeUp
{
    /// <summary>Asks the dispatcher to look for due deliveries. Cheap and never blocks: rings while it is already awake are merged into one.</summary>
    void Ring();
}
