namespace Hookbox;

/// <summary>An <see cref="EventOrigin"/> as text, at the edges: SQL, JSON, query strings, metrics.</summary>
public static class EventOrigins
{
    /// <summary>The text of <see cref="EventOrigin.Webhook"/>.</summary>
    public const string Webhook = "webhook";

    /// <summary>The text of <see cref="EventOrigin.CatchUp"/>.</summary>
    public const string CatchUp = "catch-up";

    /// <summary>Every origin's text, for validating filters.</summary>
    public static IReadOnlyList<string> All { get; } = [Webhook, CatchUp];

    /// <summary>The origin's text.</summary>
    public static string ToText(this EventOrigin origin) => origin switch
    {
        EventOrigin.CatchUp => CatchUp,
        _ => Webhook,
    };

    /// <summary>The origin a text names, or null when it names none.</summary>
    public static EventOrigin? Parse(string? text) => text switch
    {
        Webhook => EventOrigin.Webhook,
        CatchUp => EventOrigin.CatchUp,
        _ => null,
    };

    /// <summary>
    /// The origin a store recorded. The stores write only <see cref="ToText"/>'s texts, so any
    /// other was put there by something else, and is an error rather than a guess.
    /// </summary>
    internal static EventOrigin ParseStored(string text) => Parse(text)
        ?? throw new InvalidOperationException($"an event's origin is stored as '{text}', which is none of {string.Join(", ", All)}; the row was not written by Hookbox");
}
