using Spectre.Console;

namespace Hookbox.Cli;

/// <summary>An event's origin: plain for the usual webhook, highlighted for an event a catch-up look recovered.</summary>
internal static class OriginMarkup
{
    public static Markup For(EventOrigin origin) => new(origin == EventOrigin.CatchUp
        ? $"[blue]{EventOrigins.CatchUp}[/]"
        : $"[grey]{EventOrigins.Webhook}[/]");
}
