using System.Text.Json;
using Spectre.Console;

namespace Hookbox.Cli;

/// <summary>What <c>events show</c> prints: the summary, the headers, the payload pretty-printed, and each delivery.</summary>
internal static class EventDetailsView
{
    public static void Write(IAnsiConsole console, EventDetails details)
    {
        var summary = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        AddField(summary, "Id", details.Id);
        AddField(summary, "Source", details.Source);
        AddField(summary, "Type", details.Type);
        AddField(summary, "Event id", details.EventId);
        summary.AddRow(new Markup("[bold]Status[/]"), StatusMarkup.For(details.Status));
        summary.AddRow(new Markup("[bold]Origin[/]"), OriginMarkup.For(details.Origin));
        AddField(summary, "Subject", details.Subject ?? "—");
        AddField(summary, "Received at", TimeFormat.Utc(details.ReceivedAt));
        if (details.SenderTimestamp is { } sent)
            AddField(summary, "Sender time", TimeFormat.Utc(sent));

        if (details.ContentType is { } contentType)
            AddField(summary, "Content type", contentType);

        console.Write(summary);

        Heading(console, "Headers");
        if (details.Headers is null or { Count: 0 })
        {
            console.MarkupLine("[grey]none kept[/]");
        }
        else
        {
            var headers = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            foreach (var (name, value) in details.Headers)
                headers.AddRow(new Text(name, new Style(Color.Grey)), new Text(value));

            console.Write(headers);
        }

        Heading(console, "Payload");
        console.Write(details.ErasedAt is { } erased
            ? new Markup($"[grey]erased on request at {TimeFormat.Utc(erased)}[/]")
            : details.Payload.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
                ? new Markup("[grey]not kept (pruned after delivery)[/]")
                : new Text(JsonSerializer.Serialize(details.Payload, ApiJson.Indented)));
        console.WriteLine();

        Heading(console, "Deliveries");
        if (details.Deliveries.Count == 0)
        {
            console.MarkupLine("[grey]none: no route matched this event[/]");
            return;
        }

        var deliveries = new Table().Border(TableBorder.Rounded);
        deliveries.AddColumn(new TableColumn("Route").NoWrap());
        deliveries.AddColumn(new TableColumn("Status").NoWrap());
        deliveries.AddColumn(new TableColumn("Attempts").RightAligned());
        deliveries.AddColumn(new TableColumn("Last error"));
        deliveries.AddColumn(new TableColumn("Next attempt").NoWrap());
        foreach (var delivery in details.Deliveries)
        {
            deliveries.AddRow(
                new Text(delivery.Route),
                StatusMarkup.For(delivery.Status),
                new Text(delivery.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(delivery.LastError ?? ""),
                new Text(TimeFormat.Utc(delivery.NextAttemptAt)));
        }

        console.Write(deliveries);
    }

    // Not a Rule: redirected, it would run the full width of the page.
    private static void Heading(IAnsiConsole console, string title)
    {
        console.WriteLine();
        console.MarkupLine($"[bold underline]{title}[/]");
    }

    private static void AddField(Grid grid, string name, string value) =>
        grid.AddRow(new Markup($"[bold]{Markup.Escape(name)}[/]"), new Text(value));
}
