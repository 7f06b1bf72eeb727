using System.CommandLine;

namespace Hookbox.Cli;

/// <summary><c>hookbox events</c>: the events of a running Hookbox, through its events API.</summary>
internal static class EventsCommand
{
    public static Command Create() => new("events", "List, show and replay the events of a running Hookbox")
    {
        EventsListCommand.Create(),
        EventsShowCommand.Create(),
        EventsReplayCommand.Create(),
    };
}
