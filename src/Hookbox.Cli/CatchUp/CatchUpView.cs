using System.Globalization;
using Spectre.Console;

namespace Hookbox.Cli;

/// <summary>What <c>hookbox catch-up</c> prints for people: one look as a list of facts, or the recent looks as a table.</summary>
internal static class CatchUpView
{
    /// <summary>The look this command asked for and waited for.</summary>
    public static void WriteRun(IAnsiConsole console, string source, CatchUpRun run)
    {
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        AddField(facts, "Source", new Text(source));
        AddField(facts, "Result", Result(run));
        AddField(facts, "Window", new Text(Window(run)));
        AddField(facts, "Seen", Count(run.Seen));
        AddField(facts, "Present", Count(run.Present));
        AddField(facts, "Recovered", Count(run.Recovered));
        AddField(facts, "Malformed", Count(run.Malformed));
        console.Write(facts);

        if (run.Recovered > 0)
            console.MarkupLine($"[grey]hookbox events list --source {Markup.Escape(source)} --origin catch-up shows what was recovered.[/]");

        if (run.Malformed > 0)
            console.MarkupLine("[grey]Malformed items were not stored; Hookbox's log says why each could not be read.[/]");
    }

    /// <summary>The source's latest looks, newest first.</summary>
    public static void WriteRuns(IAnsiConsole console, string source, IReadOnlyList<CatchUpRun> runs)
    {
        if (runs.Count == 0)
        {
            console.MarkupLine($"[grey]No look at {Markup.Escape(source)}'s API yet.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("Started").NoWrap());
        table.AddColumn(new TableColumn("Trigger").NoWrap());
        table.AddColumn(new TableColumn("Window"));
        table.AddColumn(new TableColumn("Seen").RightAligned());
        table.AddColumn(new TableColumn("Present").RightAligned());
        table.AddColumn(new TableColumn("Recovered").RightAligned());
        table.AddColumn(new TableColumn("Malformed").RightAligned());
        table.AddColumn(new TableColumn("Result"));
        foreach (var run in runs)
        {
            table.AddRow(
                new Text(TimeFormat.Utc(run.StartedAt)),
                new Text(run.Trigger),
                new Text(Window(run)),
                Count(run.Seen),
                Count(run.Present),
                Count(run.Recovered),
                Count(run.Malformed),
                Result(run));
        }

        console.Write(table);
    }

    private static string Window(CatchUpRun run) => $"{TimeFormat.Utc(run.WindowStart)} → {TimeFormat.Utc(run.WindowEnd)}";

    private static Text Count(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static Markup Result(CatchUpRun run)
    {
        if (run.FinishedAt is not { } finished)
            return new Markup("[yellow]running[/]");

        var took = Took(finished - run.StartedAt);
        return run.Error is { } error
            ? new Markup($"[red]failed after {took}:[/] {Markup.Escape(error)}")
            : new Markup($"[green]completed[/] in {took}");
    }

    private static string Took(TimeSpan span) => span < TimeSpan.FromMinutes(1)
        ? span.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds} s");

    private static void AddField(Grid grid, string name, Markup value) => grid.AddRow(new Markup($"[bold]{Markup.Escape(name)}[/]"), value);

    private static void AddField(Grid grid, string name, Text value) => grid.AddRow(new Markup($"[bold]{Markup.Escape(name)}[/]"), value);
}
