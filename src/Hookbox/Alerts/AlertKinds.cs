namespace Hookbox;

/// <summary>The rules an <see cref="Alert"/> comes from: its <see cref="Alert.Kind"/>.</summary>
public static class AlertKinds
{
    /// <summary>
    /// More than <c>Alerts:Threshold</c> of a route's delivery attempts in the window failed
    /// (retrying or dead), with at least <c>Alerts:MinEvents</c> attempts. The subject is the route.
    /// </summary>
    public const string RouteFailures = "route-failures";

    /// <summary>
    /// The same over all the routes of one source, for a source with two routes or more (with one,
    /// its route's alert says it all). The subject is the source.
    /// </summary>
    public const string SourceFailures = "source-failures";

    /// <summary>
    /// More than <c>Alerts:Threshold</c> of a source's requests in the window were refused for
    /// what the sender sent (a bad signature above all), with at least <c>Alerts:MinEvents</c>
    /// refused. The subject is the source.
    /// </summary>
    public const string Rejections = "rejections";

    /// <summary>The oldest pending delivery has waited longer than <c>Alerts:OldestPending</c>. No subject: the inbox as a whole.</summary>
    public const string OldestPending = "oldest-pending";

    /// <summary>
    /// No webhook of a source with <c>ExpectEventsWithin</c> arrived for that long, counted while
    /// Hookbox has been up. It resolves on the source's next webhook. The subject is the source.
    /// </summary>
    public const string Silence = "silence";

    /// <summary>
    /// The latest completed catch-up look of a source recovered events that never arrived by
    /// webhook. It resolves when a later look finds none missing. The subject is the source.
    /// </summary>
    public const string Gaps = "gaps";

    /// <summary>
    /// The latest catch-up look of a source failed (a refused API key above all). It resolves when
    /// a later look completes. The subject is the source.
    /// </summary>
    public const string CatchUp = "catch-up";
}
