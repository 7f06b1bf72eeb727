namespace Hookbox;

/// <summary>An event's status: a summary of its deliveries.</summary>
public static class EventStatus
{
    /// <summary>Recorded, not yet handed on.</summary>
    public const string Pending = "pending";

    /// <summary>Every delivery succeeded.</summary>
    public const string Delivered = "delivered";

    /// <summary>A delivery failed and will run again.</summary>
    public const string Retrying = "retrying";

    /// <summary>A delivery ran out of attempts.</summary>
    public const string Dead = "dead";

    /// <summary>No route matched; kept, and replayable once one does.</summary>
    public const string Unrouted = "unrouted";

    /// <summary>Every status, for validating filters.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Delivered, Retrying, Dead, Unrouted];
}
