using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hookbox.Cli;

/// <summary>The table of events that <c>events list</c> and <c>dead list</c> print.</summary>
internal static class EventTable
{
    /// <summary>A table of <paramref name="events"/>; with <paramref name="lastErrors"/>, a column of why each failed.</summary>
    public static Table Create(IEnumerable<EventSummary> events, Func<EventSummary, string>? lastErrors = null)
    {
        var table = new Table().Border(TableBorder.Rounded);
        // Ids are copied into other commands: never wrap them.
        table.AddColumn(new TableColumn("Id").NoWrap());
        table.AddColumn(new TableColumn("Received at").NoWrap());
        table.AddColumn(new TableColumn("Source").NoWrap());
        table.AddColumn(new TableColumn("Type").NoWrap());
        table.AddColumn(new TableColumn("Event id").NoWrap());
        table.AddColumn(new TableColumn("Status").NoWrap());
        table.AddColumn(new TableColumn("Origin").NoWrap());
        if (lastErrors is not null)
            table.AddColumn(new TableColumn("Last error"));

        foreach (var summary in events)
        {
            var cells = new List<IRenderable>
            {
                new Text(summary.Id),
                new Text(TimeFormat.Utc(summary.ReceivedAt)),
                new Text(summary.Source),
                new Text(summary.Type),
                new Text(summary.EventId),
                StatusMarkup.For(summary.Status),
                OriginMarkup.For(summary.Origin),
            };
            if (lastErrors is not null)
                cells.Add(new Text(lastErrors(summary)));

            table.AddRow(cells);
        }

        return table;
    }

    /// <summary>Prints the table, or that there is nothing, and the cursor of the next page.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyCollection<EventSummary> events, string? next, string empty, Func<EventSummary, string>? lastErrors = null)
    {
        if (events.Count == 0)
            console.MarkupLine($"[grey]{Markup.Escape(empty)}[/]");
        else
            console.Write(Create(events, lastErrors));

        if (next is not null)
            console.MarkupLine($"next: {Markup.Escape(next)}  [grey](--after {Markup.Escape(next)} for the next page)[/]");
    }
}
