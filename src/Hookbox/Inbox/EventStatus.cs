namespace Hookbox;

/// <summary>An event's status: a summary of its deliveries. As text (SQL, JSON, query strings) see <see cref="EventStatuses"/>.</summary>
public enum EventStatus
{
    /// <summary>Recorded, not yet handed on.</summary>
    Pending,

    /// <summary>Every delivery succeeded.</summary>
    Delivered,

    /// <summary>A delivery failed and will run again.</summary>
    Retrying,

    /// <summary>A delivery ran out of attempts.</summary>
    Dead,

    /// <summary>No route matched; kept, and replayable once one does.</summary>
    Unrouted,
}
