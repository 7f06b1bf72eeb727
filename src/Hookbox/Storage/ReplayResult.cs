namespace Hookbox.Storage;

/// <summary>What asking the store to replay an event did.</summary>
public enum ReplayResult
{
    /// <summary>Its deliveries run again.</summary>
    Replayed,

    /// <summary>No event has that id (it never did, or retention deleted it).</summary>
    NotFound,

    /// <summary>Retention pruned its payload: there is nothing left to deliver, so nothing changed.</summary>
    PayloadPruned,

    /// <summary>Its payload was erased on request: there is nothing left to deliver, so nothing changed.</summary>
    Erased,
}
