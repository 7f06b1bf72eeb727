namespace Hookbox;

/// <summary>An <see cref="EventStatus"/> as text, at the edges: SQL, JSON, query strings.</summary>
public static class EventStatuses
{
    /// <summary>The text of <see cref="EventStatus.Pending"/>.</summary>
    public const string Pending = "pending";

    /// <summary>The text of <see cref="EventStatus.Delivered"/>.</summary>
    public const string Delivered = "delivered";

    /// <summary>The text of <see cref="EventStatus.Retrying"/>.</summary>
    public const string Retrying = "retrying";

    /// <summary>The text of <see cref="EventStatus.Dead"/>.</summary>
    public const string Dead = "dead";

    /// <summary>The text of <see cref="EventStatus.Unrouted"/>.</summary>
    public const string Unrouted = "unrouted";

    /// <summary>Every status's text, for validating filters.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Delivered, Retrying, Dead, Unrouted];

    /// <summary>The status's text.</summary>
    public static string ToText(this EventStatus status) => status switch
    {
        EventStatus.Pending => Pending,
        EventStatus.Delivered => Delivered,
        EventStatus.Retrying => Retrying,
        EventStatus.Dead => Dead,
        EventStatus.Unrouted => Unrouted,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not an event status"),
    };

    /// <summary>The status a text names, or null when it names none.</summary>
    public static EventStatus? Parse(string? text) => text switch
    {
        Pending => EventStatus.Pending,
        Delivered => EventStatus.Delivered,
        Retrying => EventStatus.Retrying,
        Dead => EventStatus.Dead,
        Unrouted => EventStatus.Unrouted,
        _ => null,
    };

    /// <summary>
    /// The status a store recorded. The stores write only <see cref="ToText"/>'s texts, so any
    /// other was put there by something else, and is an error rather than a guess.
    /// </summary>
    internal static EventStatus ParseStored(string text) => Parse(text)
        ?? throw new InvalidOperationException($"an event's status is stored as '{text}', which is none of {string.Join(", ", All)}; the row was not written by Hookbox");
}
