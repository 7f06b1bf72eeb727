using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Pocketsflow's orders list, read page by page for the window (<c>GET /orders?startDate&amp;endDate&amp;page&amp;pageSize</c>);
/// each completed order becomes an <c>order.completed</c> (see <see cref="PocketsflowOrders"/> for
/// the documented fields and the mapping). Matched by subject: a look's event is present when any
/// stored <c>order.completed</c> names the order, its webhook's included.
/// </summary>
internal sealed class PocketsflowCatchUpSender(CatchUpHttp http) : ICatchUpSender
{
    /// <summary>The page size asked for. The docs give no maximum; 100 keeps a page small and the request count (the API allows 100–200 a minute) low.</summary>
    public const int PageSize = 100;

    /// <summary>No look reads more pages than this (100,000 orders in one window).</summary>
    public const int MaxPages = 1_000;

    /// <inheritdoc />
    public CatchUpMatch Match => CatchUpMatch.Subject;

    /// <inheritdoc />
    public async IAsyncEnumerable<CatchUpPage> ListAsync(CatchUpWindow window, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"/orders?startDate={Iso(window.Start)}&endDate={Iso(window.End)}";
        for (var page = 1; ; page++)
        {
            if (page > MaxPages)
                throw new CatchUpException(CatchUpFailure.InvalidResponse, $"Pocketsflow's orders list went on past {MaxPages} pages of {PageSize}; the look stopped so it cannot loop forever (a shorter MaxAge or Every makes each look smaller)");

            var url = http.Url($"{query}&page={page.ToString(CultureInfo.InvariantCulture)}&pageSize={PageSize.ToString(CultureInfo.InvariantCulture)}");
            var (result, count) = await http.GetAsync(url, (root, _) => ReadPage(root, window), cancellationToken).ConfigureAwait(false);
            yield return result;

            // No total or "has more" is documented: a page that is not full is the last.
            if (count < PageSize)
                yield break;
        }
    }

    /// <inheritdoc />
    public Task<CatchUpItem?> CompleteAsync(CatchUpItem item, CancellationToken cancellationToken) =>
        Task.FromResult<CatchUpItem?>(item); // the order carries everything the event is made of

    private static (CatchUpPage Page, int Count) ReadPage(JsonElement root, CatchUpWindow window)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("orders", out var orders) || orders.ValueKind != JsonValueKind.Array)
            throw new CatchUpException(CatchUpFailure.InvalidResponse, "Pocketsflow's orders list answered without an orders array");

        var items = new List<CatchUpItem>();
        var malformed = new List<string>();
        var position = 0;
        foreach (var order in orders.EnumerateArray())
        {
            position++;
            if (PocketsflowOrders.ToItem(order, window, out var problem) is { } item)
                items.Add(item);
            else if (problem is not null)
                malformed.Add($"Pocketsflow order {position} of the page {problem}");
        }

        return (new CatchUpPage(items, malformed), position);
    }

    // UTC with milliseconds and a Z: ISO 8601 as JavaScript's Date writes it, which the API parses.
    private static string Iso(DateTimeOffset time) =>
        Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
