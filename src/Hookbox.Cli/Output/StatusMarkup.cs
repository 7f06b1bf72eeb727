using Spectre.Console;

namespace Hookbox.Cli;

/// <summary>Event and delivery statuses in colour, so what needs a person stands out in a long list.</summary>
internal static class StatusMarkup
{
    public static Markup For(EventStatus status) => For(status.ToText(), status switch
    {
        EventStatus.Delivered => "green",
        EventStatus.Dead => "red bold",
        EventStatus.Retrying => "yellow",
        EventStatus.Unrouted => "grey",
        _ => null,
    });

    public static Markup For(DeliveryStatus status) => For(status.ToText(), status switch
    {
        DeliveryStatus.Succeeded => "green",
        DeliveryStatus.Dead => "red bold",
        DeliveryStatus.Retrying => "yellow",
        _ => null,
    });

    private static Markup For(string text, string? style) =>
        new(style is null ? Markup.Escape(text) : $"[{style}]{Markup.Escape(text)}[/]");
}
