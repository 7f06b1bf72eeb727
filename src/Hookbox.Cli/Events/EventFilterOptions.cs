using System.CommandLine;
using System.Globalization;

namespace Hookbox.Cli;

/// <summary>The filters and paging that <c>events list</c> and <c>dead list</c> share, as the events API takes them.</summary>
internal sealed class EventFilterOptions
{
    // The API's own bounds: checked here too, so a bad value is a usage error, not a round trip.
    private const int MaxLimit = 500;

    public EventFilterOptions()
    {
        Limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } limit and (< 1 or > MaxLimit))
                result.AddError($"--limit must be from 1 to {MaxLimit}, not {limit}.");
        });
        After.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } after && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) || cursor <= 0))
                result.AddError($"--after takes the 'next' cursor a previous page printed, not '{after}'.");
        });
        Origin.AcceptOnlyFromAmong([.. EventOrigins.All]);
    }

    public Option<string?> Source { get; } = new("--source") { Description = "Only events of this source" };

    public Option<string?> Type { get; } = new("--type") { Description = "Only events of this type, such as order.completed" };

    public Option<string?> Subject { get; } = new("--subject") { Description = "Only events about this business key (exact): an order or subscription id, Stripe's data.object.id" };

    public Option<string?> Origin { get; } = new("--origin") { Description = $"Only events that arrived this way: {string.Join(", ", EventOrigins.All)} (recovered from the sender's API)" };

    public Option<int?> Limit { get; } = new("--limit") { Description = $"How many events, from 1 to {MaxLimit} (default 50)" };

    public Option<string?> After { get; } = new("--after") { Description = "The cursor a previous page printed as 'next', for the page after it" };

    public void AddTo(Command command)
    {
        command.Options.Add(Source);
        command.Options.Add(Type);
        command.Options.Add(Subject);
        command.Options.Add(Origin);
        command.Options.Add(Limit);
        command.Options.Add(After);
    }

    /// <summary>The <c>/api/events</c> query for these filters and <paramref name="status"/>.</summary>
    public string ListPath(ParseResult result, string? status) =>
        "/api/events?" + HookboxApi.Query(
            ("source", result.GetValue(Source)),
            ("type", result.GetValue(Type)),
            ("status", status),
            ("subject", result.GetValue(Subject)),
            ("origin", result.GetValue(Origin)),
            ("limit", result.GetValue(Limit)?.ToString(CultureInfo.InvariantCulture)),
            ("after", result.GetValue(After)));
}
