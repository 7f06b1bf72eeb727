using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Any sender with an events list, read as <see cref="EventsListSettings"/> say, with no code of
/// its own. Two ways to bound a look:
/// <list type="bullet">
/// <item>with a "since" parameter, the API lists only events from the window's start, and every page is read;</item>
/// <item>without one, the list is read newest first and stops at the first event older than the window (Paddle Billing's <c>GET /events</c>, ordered <c>id[DESC]</c>, has no time filter).</item>
/// </list>
/// Pages follow a cursor: the value at <c>CursorPointer</c> (a next-page URL on the same API is
/// followed as it is; anything else goes into <c>CursorParameter</c>), else the last event's id.
/// Reading goes on while <c>HasMorePointer</c> says true, or, without one, while a cursor is
/// given and the page was not empty. Listed events carry no subject.
/// </summary>
internal sealed class EventsListCatchUpSender(CatchUpHttp http, EventsListSettings settings) : ICatchUpSender
{
    /// <inheritdoc />
    public CatchUpMatch Match => CatchUpMatch.EventId;

    /// <inheritdoc />
    public async IAsyncEnumerable<CatchUpPage> ListAsync(CatchUpWindow window, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        var url = FirstPage(window);
        for (var pages = 0; ; pages++)
        {
            if (pages == CatchUpHttp.MaxPages)
                throw new CatchUpException(CatchUpFailure.InvalidResponse, $"the events list went on past {CatchUpHttp.MaxPages} pages; the look stopped so it cannot loop forever");

            var page = await http.GetAsync(url, (root, _) => ReadPage(root, window), cancellationToken).ConfigureAwait(false);
            yield return page.Page;

            var more = settings.HasMorePointer is null ? page.Cursor is not null && page.Count > 0 : page.HasMore;
            if (page.ReachedStart || !more)
                yield break;

            if (page.Cursor is not { } cursor)
                throw new CatchUpException(CatchUpFailure.InvalidResponse, $"the events list at {url.AbsolutePath} said there is more but gave no cursor; check CursorPointer and IdPointer");

            // An API that hands back a cursor it gave before would be read in a circle.
            if (!cursors.Add(cursor))
                throw new CatchUpException(CatchUpFailure.InvalidResponse, $"the events list at {url.AbsolutePath} gave a cursor it had given before; the look stopped so it cannot loop forever");

            url = NextPage(window, cursor);
        }
    }

    /// <inheritdoc />
    public Task<CatchUpItem?> CompleteAsync(CatchUpItem item, CancellationToken cancellationToken) =>
        Task.FromResult<CatchUpItem?>(item); // the list carries each event whole

    private Uri FirstPage(CatchUpWindow window) => http.Url(Query(window, cursor: null));

    private Uri NextPage(CatchUpWindow window, string cursor)
    {
        if (AbsoluteUri.TryCreateHttp(cursor, out var next))
        {
            // The key goes with every request, so a link is followed only to the API it came from.
            if (!http.IsSameOrigin(next))
                throw new CatchUpException(CatchUpFailure.InvalidResponse, $"the events list's next-page link points away from {http.BaseUrl.GetLeftPart(UriPartial.Authority)}; it was not followed");

            return next;
        }

        if (settings.CursorParameter is null)
            throw new CatchUpException(CatchUpFailure.InvalidResponse, "the events list's cursor is not a URL and no CursorParameter says where to send it");

        return http.Url(Query(window, cursor));
    }

    private string Query(CatchUpWindow window, string? cursor)
    {
        var query = new StringBuilder(settings.ListPath);
        var separator = settings.ListPath.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        void Add(string name, string value)
        {
            query.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        if (settings.SinceParameter is { } since)
            Add(since, Since(window.Start));
        if (settings.PageSizeParameter is { } pageSize)
            Add(pageSize, settings.PageSize.ToString(CultureInfo.InvariantCulture));
        if (cursor is not null)
            Add(settings.CursorParameter!, cursor); // NextPage checked it is set

        return query.ToString();
    }

    private string Since(DateTimeOffset start) => settings.SinceFormat switch
    {
        EventsListTimeFormat.UnixMilliseconds => start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        EventsListTimeFormat.Iso8601 => start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    private (CatchUpPage Page, int Count, bool HasMore, string? Cursor, bool ReachedStart) ReadPage(JsonElement root, CatchUpWindow window)
    {
        var list = root;
        if (settings.ItemsPointer is { } itemsPointer && !itemsPointer.TryEvaluate(root, out list))
            list = default;
        if (list.ValueKind != JsonValueKind.Array)
            throw new CatchUpException(CatchUpFailure.InvalidResponse, $"the events list answered without an array at {settings.ItemsPointer?.Text ?? "its root"}; check ItemsPointer");

        var hasMore = settings.HasMorePointer is { } morePointer && morePointer.TryEvaluate(root, out var more) && more.ValueKind == JsonValueKind.True;
        string? cursor = null;
        if (settings.CursorPointer is { } cursorPointer)
            cursor = cursorPointer.TryEvaluate(root, out var value) ? CatchUpJson.Id(value) : null;

        var items = new List<CatchUpItem>();
        var malformed = new List<string>();
        var count = 0;
        string? lastId = null;
        var reachedStart = false;
        foreach (var element in list.EnumerateArray())
        {
            count++;
            var id = settings.IdPointer.TryEvaluate(element, out var idValue) ? CatchUpJson.Id(idValue) : null;
            lastId = id ?? lastId;
            if (reachedStart)
                continue;

            var item = Read(element, id, window, out var problem, out reachedStart);
            if (item is not null)
                items.Add(item);
            else if (problem is not null)
                malformed.Add($"event {count} of the page {problem}");
        }

        return (new CatchUpPage(items, malformed), count, hasMore, settings.CursorPointer is null ? lastId : cursor, reachedStart);
    }

    /// <summary>The event as an item; null with no <paramref name="problem"/> when it is outside the window.</summary>
    private CatchUpItem? Read(JsonElement element, string? id, CatchUpWindow window, out string? problem, out bool reachedStart)
    {
        problem = null;
        reachedStart = false;
        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = "is not an object";
            return null;
        }

        DateTimeOffset? time = null;
        if (settings.TimePointer is { } timePointer)
        {
            time = timePointer.TryEvaluate(element, out var timeValue) ? CatchUpJson.Time(timeValue) : null;
            // Read newest first, an event without a time can't say whether the look has gone far enough.
            if (time is null && settings.SinceParameter is null)
            {
                problem = $"has no time at {timePointer.Text}";
                return null;
            }
        }

        if (time is { } at)
        {
            if (settings.SinceParameter is null && at < window.Start)
            {
                reachedStart = true;
                return null;
            }

            // With a since filter, the API already left out what is older; at its resolution (whole seconds at best).
            if (at > window.End || at < CatchUpJson.FloorToSecond(window.Start))
                return null;
        }

        var payload = element;
        if (id is null)
            problem = $"has no id at {settings.IdPointer.Text}";
        else if (!settings.TypePointer.TryEvaluate(element, out var typeValue) || typeValue.ValueKind != JsonValueKind.String || typeValue.GetString() is not { Length: > 0 } type)
            problem = $"has no type at {settings.TypePointer.Text}";
        else if (settings.PayloadPointer is { } payloadPointer && (!payloadPointer.TryEvaluate(element, out payload) || payload.ValueKind != JsonValueKind.Object))
            problem = $"has no JSON object at {payloadPointer.Text}";
        else if (CatchUpJson.Unusable(id, type) is { } unusable)
            problem = unusable;
        else
            return new CatchUpItem(id, type, Subject: null, time, CatchUpJson.Raw(payload));

        return null;
    }
}
