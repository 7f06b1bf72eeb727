namespace Hookbox;

/// <summary>
/// An events list's shape, read from <see cref="CatchUpOptions"/> and checked once at start, so a
/// look never meets a bad pointer: where the events are, how to page, and where each event's id,
/// type, time and body are.
/// </summary>
internal sealed class EventsListSettings
{
    /// <summary>The largest page asked for.</summary>
    public const int MaxPageSize = 1000;

    private EventsListSettings()
    {
    }

    public required string ListPath { get; init; }

    public string? SinceParameter { get; init; }

    public EventsListTimeFormat SinceFormat { get; init; }

    public string? CursorParameter { get; init; }

    public JsonPointer? CursorPointer { get; init; }

    public JsonPointer? HasMorePointer { get; init; }

    public string? PageSizeParameter { get; init; }

    public int PageSize { get; init; }

    /// <summary>Where the events are; null when the answer is the array itself.</summary>
    public JsonPointer? ItemsPointer { get; init; }

    public required JsonPointer IdPointer { get; init; }

    public required JsonPointer TypePointer { get; init; }

    public JsonPointer? TimePointer { get; init; }

    /// <summary>Where an event's webhook body is; null when it is the whole item.</summary>
    public JsonPointer? PayloadPointer { get; init; }

    /// <summary>The settings, or null with one message per bad setting in <paramref name="errors"/>, each naming its key under <paramref name="key"/>.</summary>
    public static EventsListSettings? Read(string key, CatchUpOptions options, ICollection<string> errors)
    {
        var before = errors.Count;

        var listPath = options.ListPath?.Trim();
        if (string.IsNullOrEmpty(listPath))
            errors.Add($"{key}:ListPath is not set; set it to the path of the sender's events list under BaseUrl, such as /events");
        else if (listPath[0] != '/' || listPath.StartsWith("//", StringComparison.Ordinal) || listPath.Contains('#', StringComparison.Ordinal) || listPath.Any(char.IsWhiteSpace))
            errors.Add($"{key}:ListPath '{listPath}' must be a path under BaseUrl starting with one '/', without spaces or '#', such as /events or /v1/events?type=all");

        var format = options.SinceFormat?.Trim().ToLowerInvariant() switch
        {
            "unix" => EventsListTimeFormat.Unix,
            "unix-ms" => EventsListTimeFormat.UnixMilliseconds,
            "iso8601" => EventsListTimeFormat.Iso8601,
            _ => (EventsListTimeFormat?)null,
        };
        if (format is null)
            errors.Add($"{key}:SinceFormat '{options.SinceFormat}' is not supported; use unix, unix-ms or iso8601");

        var since = Parameter(key, "SinceParameter", options.SinceParameter, errors);
        var cursor = Parameter(key, "CursorParameter", options.CursorParameter, errors);
        var pageSizeParameter = Parameter(key, "PageSizeParameter", options.PageSizeParameter, errors);
        if (options.PageSize < 1 || options.PageSize > MaxPageSize)
            errors.Add($"{key}:PageSize must be between 1 and {MaxPageSize}, such as 100, not {options.PageSize}");

        var cursorPointer = Pointer(key, "CursorPointer", options.CursorPointer, "/meta/next_cursor", errors);
        var hasMore = Pointer(key, "HasMorePointer", options.HasMorePointer, "/has_more", errors);
        var items = Pointer(key, "ItemsPointer", options.ItemsPointer, "/data", errors);
        var id = Pointer(key, "IdPointer", options.IdPointer, "/id", errors);
        var type = Pointer(key, "TypePointer", options.TypePointer, "/type", errors);
        var time = Pointer(key, "TimePointer", options.TimePointer, "/created_at", errors);
        var payload = Pointer(key, "PayloadPointer", options.PayloadPointer, "/payload", errors);

        if (string.IsNullOrWhiteSpace(options.TypePointer))
            errors.Add($"{key}:TypePointer is not set; set it to where each listed event's type is, such as /type");

        // Judged on what is written, so a badly written parameter is one message, not two.
        if (string.IsNullOrWhiteSpace(options.SinceParameter) && string.IsNullOrWhiteSpace(options.TimePointer))
            errors.Add($"{key}:TimePointer is not set; without SinceParameter the list is read newest first and stops at the first event older than the look, which needs each event's time, such as /created_at");

        // Without either, only the first page could ever be read, and a look would miss the rest without a word.
        if (string.IsNullOrWhiteSpace(options.CursorParameter) && string.IsNullOrWhiteSpace(options.CursorPointer))
            errors.Add($"{key}:CursorParameter is not set; set it to the query parameter that asks for the next page (such as after), or set CursorPointer to where the answer gives the next page's URL (such as /meta/pagination/next)");

        if (errors.Count != before)
            return null;

        return new EventsListSettings
        {
            ListPath = listPath!, // checked above
            SinceParameter = since,
            SinceFormat = format!.Value,
            CursorParameter = cursor,
            CursorPointer = cursorPointer,
            HasMorePointer = hasMore,
            PageSizeParameter = pageSizeParameter,
            PageSize = options.PageSize,
            ItemsPointer = items,
            IdPointer = id ?? JsonPointer.TryParse("/id")!, // a constant, valid pointer
            TypePointer = type!,
            TimePointer = time,
            PayloadPointer = payload,
        };
    }

    private static string? Parameter(string key, string name, string? value, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;

        var trimmed = value.Trim();
        if (trimmed.IndexOfAny(['&', '=', '?', '#', ' ']) >= 0)
        {
            errors.Add($"{key}:{name} '{trimmed}' must be a query parameter's name alone, such as after, without &, =, ?, # or spaces");
            return null;
        }

        return trimmed;
    }

    private static JsonPointer? Pointer(string key, string name, string? value, string example, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;

        if (JsonPointer.TryParse(value.Trim()) is { } pointer)
            return pointer;

        errors.Add($"{key}:{name} '{value}' is not a JSON pointer; write it like {example}");
        return null;
    }
}
