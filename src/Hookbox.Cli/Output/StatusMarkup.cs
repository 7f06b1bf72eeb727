using Spectre.Console;

namespace Hookbox.Cli;

/// <summary>Event and delivery statuses in colour, so what needs a person stands out in a long list.</summary>
internal static class StatusMarkup
{
    public static Markup For(string status) => new(status switch
    {
        EventStatus.Delivered or DeliveryStatus.Succeeded => $"[green]{Markup.Escape(status)}[/]",
        EventStatus.Dead => $"[red bold]{Markup.Escape(status)}[/]",
        EventStatus.Retrying => $"[yellow]{Markup.Escape(status)}[/]",
        EventStatus.Unrouted => $"[grey]{Markup.Escape(status)}[/]",
        _ => Markup.Escape(status),
    });
}
