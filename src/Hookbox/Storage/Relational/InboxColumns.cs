namespace Hookbox.Storage.Relational;

/// <summary>
/// The columns every relational store reads and writes, in the order its row mappers
/// (<see cref="InboxRows"/>) read them: a column is added here, in <see cref="InboxRows"/>, and
/// in one migration per store.
/// </summary>
public static class InboxColumns
{
    /// <summary>What an event's row holds when it is appended, from the <see cref="IncomingEvent"/>.</summary>
    public static IReadOnlyList<InsertColumn<IncomingEvent>> EventInsert { get; } =
    [
        new("id", SqlType.Text, e => e.Id),
        new("source", SqlType.Text, e => e.Source),
        new("event_id", SqlType.Text, e => e.Envelope.EventId),
        new("type", SqlType.Text, e => e.Envelope.EventType),
        new("status", SqlType.Text, e => (e.Deliveries.Count > 0 ? EventStatus.Pending : EventStatus.Unrouted).ToText()),
        new("received_at", SqlType.Time, e => e.ReceivedAt),
        new("sender_timestamp", SqlType.Time, e => e.SenderTimestamp),
        new("content_type", SqlType.Text, e => e.ContentType),
        new("headers", SqlType.Bytes, e => e.Headers),
        new("body", SqlType.Bytes, e => e.Body),
        new("origin", SqlType.Text, e => e.Origin.ToText()),
        new("subject", SqlType.Text, e => e.Envelope.Subject),
        new("subject_key", SqlType.BigInt, e => SubjectKey.OfOptional(e.Envelope.Subject)),
        new("body_sha256", SqlType.Text, e => e.BodySha256),
    ];

    /// <summary>What a rejection's row holds.</summary>
    public static IReadOnlyList<InsertColumn<Rejection>> RejectionInsert { get; } =
    [
        new("source", SqlType.Text, r => r.Source),
        new("received_at", SqlType.Time, r => r.ReceivedAt),
        new("status_code", SqlType.Integer, r => r.StatusCode),
        new("error", SqlType.Text, r => r.Error),
        new("message", SqlType.Text, r => r.Message),
        new("headers", SqlType.Bytes, r => r.Headers),
        new("body_bytes", SqlType.BigInt, r => r.BodyBytes),
    ];

    /// <summary>The columns <see cref="InboxRows.Summary"/> reads.</summary>
    public static IReadOnlyList<string> Summary { get; } = ["id", "source", "event_id", "type", "status", "received_at", "origin", "subject"];

    /// <summary>The columns <see cref="InboxRows.Event"/> reads: the summary's, then the rest.</summary>
    public static IReadOnlyList<string> Event { get; } = [.. Summary, "sender_timestamp", "content_type", "headers", "body", "payload_pruned_at", "erased_at"];

    /// <summary>The columns <see cref="InboxRows.Delivery"/> reads.</summary>
    public static IReadOnlyList<string> Delivery { get; } = ["route", "status", "attempts", "last_error", "next_attempt_at"];

    /// <summary>The columns <see cref="InboxRows.Rejection"/> reads, after the sequence.</summary>
    public static IReadOnlyList<string> Rejection { get; } = [.. RejectionInsert.Select(c => c.Name)];

    /// <summary>The columns <see cref="InboxRows.Run"/> reads, as they are written.</summary>
    public static IReadOnlyList<string> Run { get; } = ["source", "started_at", "finished_at", "window_start", "window_end", "seen", "present", "recovered", "malformed", "error", "trigger"];

    /// <summary>The columns named, of the table <paramref name="alias"/> when given, for a SELECT list.</summary>
    public static string List(IReadOnlyList<string> columns, string? alias = null) =>
        string.Join(", ", alias is null ? columns : columns.Select(c => $"{alias}.{c}"));
}
