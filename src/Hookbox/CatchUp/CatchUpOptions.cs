namespace Hookbox;

/// <summary>
/// How Hookbox asks a sender's own API which events exist, to store those whose webhook never
/// arrived: at start-up, every <see cref="Every"/>, and on demand. A source without this section
/// is never looked up.
/// </summary>
public sealed class CatchUpOptions
{
    /// <summary>The sender's API key (Stripe <c>rk_…</c>, a GitHub token, Pocketsflow <c>pk_live_…</c>). A secret: never logged, shown or echoed. Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API's address. Default: the scheme's public API (<c>https://api.stripe.com</c>, <c>https://api.github.com</c>, <c>https://api.pocketsflow.com</c>); required for <c>hmac</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How often a look runs. Default 00:15:00.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Each look starts this far before the last completed one ended, so an event the API listed late is not missed. Default 01:00:00.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A look never reaches further back than this: the sender's own retention. Default: the scheme's (Stripe 30 days, GitHub 3 days, others 3 days).</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>
    /// Events younger than this are left to their webhook, which is likely on its way; the next look
    /// covers them. Default 00:01:00.
    /// </summary>
    public TimeSpan Settle { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one API request may take, retries aside. Default 00:00:30.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a whole look may take before it is a failed run. Default 00:10:00.</summary>
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>GitHub only: the hook whose deliveries are listed, <c>repos/{owner}/{repo}/hooks/{id}</c> or <c>orgs/{org}/hooks/{id}</c>. Required for GitHub.</summary>
    public string? Hook { get; set; }

    /// <summary>Any sender with an events list (<c>hmac</c>): the list's path under <see cref="BaseUrl"/>, such as <c>/events</c>, query string allowed.</summary>
    public string? ListPath { get; set; }

    /// <summary>Events list: the query parameter that asks for events since a time (none: the list is read newest first and stops at older events).</summary>
    public string? SinceParameter { get; set; }

    /// <summary>Events list: how <see cref="SinceParameter"/>'s time is written: <c>unix</c> (seconds, default), <c>unix-ms</c> or <c>iso8601</c>.</summary>
    public string SinceFormat { get; set; } = "unix";

    /// <summary>Events list: the query parameter that carries the page cursor, such as <c>after</c> or <c>starting_after</c>.</summary>
    public string? CursorParameter { get; set; }

    /// <summary>Events list: a JSON pointer to the next page's cursor in a response; unset, the cursor is the last item's id.</summary>
    public string? CursorPointer { get; set; }

    /// <summary>Events list: a JSON pointer to the response's "more pages" flag, such as <c>/has_more</c>; unset, pages are read while a cursor is given.</summary>
    public string? HasMorePointer { get; set; }

    /// <summary>Events list: the query parameter for the page size, such as <c>limit</c> or <c>per_page</c>.</summary>
    public string? PageSizeParameter { get; set; }

    /// <summary>Events list: the page size asked for. Default 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Events list: a JSON pointer to the array of events in a response, such as <c>/data</c>.</summary>
    public string? ItemsPointer { get; set; }

    /// <summary>Events list: a JSON pointer to an item's event id (the id its webhook carries), such as <c>/id</c>.</summary>
    public string? IdPointer { get; set; }

    /// <summary>Events list: a JSON pointer to an item's event type, such as <c>/type</c>.</summary>
    public string? TypePointer { get; set; }

    /// <summary>Events list: a JSON pointer to when an item happened (RFC 3339 text, or epoch seconds or milliseconds).</summary>
    public string? TimePointer { get; set; }

    /// <summary>Events list: a JSON pointer to the part of an item that is the webhook's body; unset, the whole item.</summary>
    public string? PayloadPointer { get; set; }
}
