using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hookbox;

/// <summary>
/// A GitHub webhook's recent deliveries (<c>GET /{hook}/deliveries</c>), kept 3 days: each is one
/// event, under the <c>X-GitHub-Delivery</c> guid its webhook carries (a redelivery repeats it), of
/// the <c>X-GitHub-Event</c> type. The list holds no payload, so <see cref="CompleteAsync"/> reads
/// a missing event's from the delivery itself.
/// </summary>
internal sealed partial class GitHubCatchUpSender(CatchUpHttp http, string hook) : ICatchUpSender
{
    /// <summary>GitHub's largest page.</summary>
    public const int PageSize = 100;

    /// <summary>The headers GitHub's REST API asks for; it refuses a request with no User-Agent.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers { get; } =
    [
        new("Accept", "application/vnd.github+json"),
        new("X-GitHub-Api-Version", "2022-11-28"),
        new("User-Agent", "Hookbox"),
    ];

    /// <inheritdoc />
    public CatchUpMatch Match => CatchUpMatch.EventId;

    /// <summary>
    /// The hook path as the API spells it, <c>repos/{owner}/{repo}/hooks/{id}</c> or
    /// <c>orgs/{org}/hooks/{id}</c>, surrounding slashes dropped; null when it is neither.
    /// </summary>
    public static string? NormalizeHook(string? hook)
    {
        var trimmed = hook?.Trim().Trim('/');
        // The pattern's names allow dots, so "." and ".." are refused apart: they would climb the path.
        return trimmed is not null && HookPattern().IsMatch(trimmed) && !trimmed.Split('/').Any(s => s is "." or "..") ? trimmed : null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CatchUpPage> ListAsync(CatchUpWindow window, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var url = http.Url($"/{hook}/deliveries?per_page={PageSize.ToString(CultureInfo.InvariantCulture)}");
        for (var pages = 0; ; pages++)
        {
            if (pages == CatchUpHttp.MaxPages)
                throw new CatchUpException(CatchUpFailure.InvalidResponse, $"GitHub's deliveries list went on past {CatchUpHttp.MaxPages} pages; the look stopped so it cannot loop forever");

            var page = await http.GetAsync(url, (root, headers) => ReadPage(root, headers, window, seen), cancellationToken).ConfigureAwait(false);
            yield return page.Page;

            if (page.ReachedStart || page.Next is null)
                yield break;

            url = NextUrl(page.Next);
        }
    }

    /// <inheritdoc />
    public async Task<CatchUpItem?> CompleteAsync(CatchUpItem item, CancellationToken cancellationToken)
    {
        if (item.Payload.Length > 0)
            return item;

        if (item.Detail is not { } delivery || !long.TryParse(delivery, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return null;

        // A delivery that aged out between the list and now is a 404: nothing to recover, not a failed look.
        var payload = await http.GetOrDefaultAsync(http.Url($"/{hook}/deliveries/{delivery}"), (root, _) => ReadPayload(root), cancellationToken).ConfigureAwait(false);
        return payload is null ? null : item with { Payload = payload, Detail = null };
    }

    private Uri NextUrl(string next)
    {
        // The key goes with every request, so a link is followed only to the API it came from.
        if (!AbsoluteUri.TryCreate(next, out var url) || !http.IsSameOrigin(url))
            throw new CatchUpException(CatchUpFailure.InvalidResponse, $"GitHub's next-page link points away from {http.BaseUrl.GetLeftPart(UriPartial.Authority)}; it was not followed");

        return url;
    }

    private static byte[]? ReadPayload(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("request", out var request) && request.ValueKind == JsonValueKind.Object
        && request.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
            ? CatchUpJson.Raw(payload)
            : null;

    private static (CatchUpPage Page, bool ReachedStart, string? Next) ReadPage(
        JsonElement root, HttpResponseHeaders headers, CatchUpWindow window, HashSet<string> seen)
    {
        if (root.ValueKind != JsonValueKind.Array)
            throw new CatchUpException(CatchUpFailure.InvalidResponse, "GitHub's deliveries list answered something other than an array");

        var items = new List<CatchUpItem>();
        var malformed = new List<string>();
        var position = 0;
        foreach (var delivery in root.EnumerateArray())
        {
            position++;
            var problem = delivery.ValueKind != JsonValueKind.Object ? "is not an object"
                : CatchUpJson.Id(delivery, "id") is null ? "has no id"
                : CatchUpJson.Text(delivery, "guid") is null ? "has no guid"
                : CatchUpJson.Text(delivery, "event") is null ? "has no event"
                : !delivery.TryGetProperty("delivered_at", out var at) || CatchUpJson.Time(at) is null ? "has no delivered_at"
                : null;
            if (problem is not null)
            {
                malformed.Add($"GitHub delivery {position} of the page {problem}");
                continue;
            }

            var id = CatchUpJson.Id(delivery, "id")!; // checked above
            var guid = CatchUpJson.Text(delivery, "guid")!;
            var type = CatchUpJson.Text(delivery, "event")!;
            var deliveredAt = CatchUpJson.Time(delivery.GetProperty("delivered_at"))!.Value;

            // Newest first: the first delivery before the window means every later one is too.
            if (deliveredAt < window.Start)
                return (new CatchUpPage(items, malformed), true, null);

            if (deliveredAt > window.End)
                continue;

            if (CatchUpJson.Unusable(guid, type) is { } unusable)
            {
                malformed.Add($"GitHub delivery {position} of the page {unusable}");
                continue;
            }

            // A redelivery repeats its event's guid and payload: one item per event, its newest delivery.
            if (seen.Add(guid))
                items.Add(new CatchUpItem(guid, type, Subject: null, deliveredAt, ReadOnlyMemory<byte>.Empty, Detail: id));
        }

        return (new CatchUpPage(items, malformed), false, LinkHeader.Find(headers, "next"));
    }

    [GeneratedRegex("^(?:repos/[A-Za-z0-9._-]{1,100}/[A-Za-z0-9._-]{1,100}|orgs/[A-Za-z0-9._-]{1,100})/hooks/[0-9]{1,20}$")]
    private static partial Regex HookPattern();
}
