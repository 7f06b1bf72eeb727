namespace Hookbox;

/// <summary>
/// One route: the events of one source whose type matches one of its patterns go to one HTTP
/// destination (service mode). In-process handlers are routes too, added in code with
/// <c>AddHandler&lt;T&gt;()</c>.
/// </summary>
public sealed class RouteOptions
{
    /// <summary>The source whose events this route takes. Required.</summary>
    public string? Source { get; set; }

    /// <summary>Event type patterns: an exact type (<c>invoice.payment_failed</c>), a prefix (<c>order.*</c>) or <c>*</c>. At least one.</summary>
    public List<string> Events { get; } = [];

    /// <summary>Where the route POSTs each event: the original body, signed with the Standard Webhooks scheme.</summary>
    public string? Url { get; set; }

    /// <summary>The Standard Webhooks secret the destination verifies with: <c>whsec_</c> and base64. Required with <see cref="Url"/>.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// A JSON pointer into the body, such as <c>/subscription/id</c>: deliveries of this route
    /// that share its value run one at a time, in the order the events were received. Unset
    /// (the default), deliveries run in parallel and in no particular order.
    /// </summary>
    public string? OrderBy { get; set; }

    /// <summary>The most deliveries of this route running at once, so one slow destination cannot take every slot. Default: <c>Dispatch:RouteConcurrency</c>.</summary>
    public int? Concurrency { get; set; }
}
