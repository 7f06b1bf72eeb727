using System.CommandLine;

namespace Hookbox.Cli;

/// <summary><c>hookbox dead</c>: the dead-letter list of a running Hookbox: events a delivery gave up on.</summary>
internal static class DeadCommand
{
    public static Command Create() => new("dead", "List and replay the events whose deliveries ran out of attempts")
    {
        DeadListCommand.Create(),
        DeadReplayCommand.Create(),
    };
}
