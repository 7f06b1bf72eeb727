using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Stripe's events list (<c>GET /v1/events</c>): the same event objects its webhooks carry, newest
/// first, 30 days back. A look asks for <c>created[gte]</c> the window's start and pages with
/// <c>starting_after</c> while <c>has_more</c>; events created after the window's end are left
/// for the next look.
/// </summary>
internal sealed class StripeCatchUpSender(CatchUpHttp http) : ICatchUpSender
{
    /// <summary>Stripe's largest page.</summary>
    public const int PageSize = 100;

    private static readonly JsonPointer SubjectPointer = JsonPointer.TryParse("/data/object/id")!; // a constant, valid pointer

    /// <inheritdoc />
    public CatchUpMatch Match => CatchUpMatch.EventId;

    /// <inheritdoc />
    public async IAsyncEnumerable<CatchUpPage> ListAsync(CatchUpWindow window, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Stripe filters on whole seconds, so the window starts at its second.
        var start = CatchUpJson.FloorToSecond(window.Start);
        var query = $"/v1/events?created[gte]={start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}&limit={PageSize.ToString(CultureInfo.InvariantCulture)}";
        string? after = null;
        for (var pages = 0; ; pages++)
        {
            if (pages == CatchUpHttp.MaxPages)
                throw new CatchUpException(CatchUpFailure.InvalidResponse, $"Stripe's events list went on past {CatchUpHttp.MaxPages} pages; the look stopped so it cannot loop forever");

            var url = http.Url(after is null ? query : $"{query}&starting_after={Uri.EscapeDataString(after)}");
            var page = await http.GetAsync(url, (root, _) => ReadPage(root, new CatchUpWindow(start, window.End)), cancellationToken).ConfigureAwait(false);
            yield return page.Page;

            if (!page.HasMore)
                yield break;

            if (page.LastId is null || page.LastId == after)
                throw new CatchUpException(CatchUpFailure.InvalidResponse, "Stripe's events list said has_more but gave no event id to continue after");

            after = page.LastId;
        }
    }

    /// <inheritdoc />
    public Task<CatchUpItem?> CompleteAsync(CatchUpItem item, CancellationToken cancellationToken) =>
        Task.FromResult<CatchUpItem?>(item); // the list carries each event whole

    private static (CatchUpPage Page, bool HasMore, string? LastId) ReadPage(JsonElement root, CatchUpWindow window)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw new CatchUpException(CatchUpFailure.InvalidResponse, "Stripe's events list answered without a data array");

        var hasMore = root.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True;
        var items = new List<CatchUpItem>();
        var malformed = new List<string>();
        string? lastId = null;
        var position = 0;
        foreach (var element in data.EnumerateArray())
        {
            position++;
            var id = CatchUpJson.Id(element, "id");
            lastId = id ?? lastId;
            if (Read(element, id, window, out var problem) is { } item)
                items.Add(item);
            else if (problem is not null)
                malformed.Add($"Stripe event {position} of the page {problem}");
        }

        return (new CatchUpPage(items, malformed), hasMore, lastId);
    }

    /// <summary>The event as an item; null with no <paramref name="problem"/> when it is outside the window.</summary>
    private static CatchUpItem? Read(JsonElement element, string? id, CatchUpWindow window, out string? problem)
    {
        problem = null;
        if (element.ValueKind != JsonValueKind.Object)
            problem = "is not an object";
        else if (id is null)
            problem = "has no id";
        else if (CatchUpJson.Text(element, "type") is not { } type)
            problem = "has no type";
        else if (!element.TryGetProperty("created", out var createdElement) || CatchUpJson.Time(createdElement) is not { } created)
            problem = "has no created time";
        else if (CatchUpJson.Unusable(id, type) is { } unusable)
            problem = unusable;
        else if (window.Contains(created))
        {
            var subject = SubjectPointer.TryEvaluate(element, out var value) ? CatchUpJson.Id(value) : null;
            return new CatchUpItem(id, type, subject, created, CatchUpJson.Raw(element));
        }

        return null;
    }
}
