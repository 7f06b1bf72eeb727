using System.Diagnostics;

namespace Hookbox;

/// <summary>
/// Hookbox's traces, on the one <c>Hookbox</c> activity source: an activity per webhook request to
/// a known source, per inbox commit and per delivery attempt. An activity exists only when a
/// listener (an OpenTelemetry tracer provider, say) wants it; otherwise starting one returns null
/// and the tags below cost nothing.
/// </summary>
internal static class HookboxActivities
{
    public const string Ingest = "hookbox.ingest";
    public const string Commit = "hookbox.inbox.commit";
    public const string Attempt = "hookbox.dispatch.attempt";

    /// <summary>Static, as activity sources are: listeners find it by name, whatever the container.</summary>
    public static readonly ActivitySource Source = new(HookboxDiagnostics.ActivitySourceName);

    /// <summary>Starts the activity of a request to <paramref name="source"/>.</summary>
    public static Activity? StartIngest(string source) =>
        Source.StartActivity(Ingest)?.SetTag(Tags.Source, source);

    /// <summary>Starts the activity of one inbox commit (the writer runs outside any request, so it is a trace of its own).</summary>
    public static Activity? StartCommit(int events, int rejections) =>
        Source.StartActivity(Commit)
            ?.SetTag(Tags.BatchSize, events)
            .SetTag(Tags.Rejections, rejections);

    /// <summary>Starts the activity of one delivery attempt.</summary>
    public static Activity? StartAttempt(LeasedDelivery delivery)
    {
        var summary = delivery.Event.Summary;
        return Source.StartActivity(Attempt)
            ?.SetTag(Tags.Route, delivery.Route)
            .SetTag(Tags.Attempt, delivery.Attempt)
            .SetTag(Tags.Source, summary.Source)
            .SetTag(Tags.EventId, summary.EventId)
            .SetTag(Tags.EventType, summary.Type)
            .SetTag(Tags.HookboxId, summary.Id);
    }

    /// <summary>Tags the activity with the event a request carries, once it is read.</summary>
    public static void SetEvent(Activity? activity, EventEnvelope envelope) =>
        activity?.SetTag(Tags.EventId, envelope.EventId).SetTag(Tags.EventType, envelope.EventType);

    /// <summary>Ends well: accepted, duplicate, succeeded, released…</summary>
    public static void Completed(Activity? activity, string outcome) => activity?.SetTag(Tags.Outcome, outcome);

    /// <summary>Ends in a refusal or a failure, which tracing back ends show as an error.</summary>
    public static void Failed(Activity? activity, string outcome, string? description) =>
        activity?.SetTag(Tags.Outcome, outcome).SetStatus(ActivityStatusCode.Error, description);

    /// <summary>The tags' names: one namespace, so they never clash with a back end's own.</summary>
    public static class Tags
    {
        public const string Source = "hookbox.source";
        public const string EventId = "hookbox.event_id";
        public const string EventType = "hookbox.event_type";
        public const string HookboxId = "hookbox.id";
        public const string Outcome = "hookbox.outcome";
        public const string Route = "hookbox.route";
        public const string Attempt = "hookbox.attempt";
        public const string BatchSize = "hookbox.batch_size";
        public const string Rejections = "hookbox.rejections";
    }
}
