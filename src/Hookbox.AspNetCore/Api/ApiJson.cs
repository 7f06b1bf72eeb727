using System.Text.Json;

namespace Hookbox.AspNetCore;

/// <summary>
/// Writes the API's JSON, camelCase. Payloads and headers are stored as JSON and are written
/// as JSON values, not strings, without being parsed into objects on the way.
/// </summary>
internal static class ApiJson
{
    public static void WriteSummaryFields(Utf8JsonWriter writer, EventSummary summary)
    {
        writer.WriteString("id", summary.Id);
        writer.WriteString("source", summary.Source);
        writer.WriteString("eventId", summary.EventId);
        writer.WriteString("type", summary.Type);
        writer.WriteString("status", summary.Status.ToText());
        writer.WriteString("receivedAt", summary.ReceivedAt);
        writer.WriteString("origin", summary.Origin.ToText());
        writer.WriteString("subject", summary.Subject); // null where the source names none
    }

    public static void WriteEventPage(Utf8JsonWriter writer, Page<EventSummary> page)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var summary in page.Items)
        {
            writer.WriteStartObject();
            WriteSummaryFields(writer, summary);

            // Only in the list, and only for a dead or retrying event: its failing delivery's route
            // and last error, so a dead-letter listing says why without a request per event. Other
            // entries are as they always were; the event itself shows all its deliveries.
            if (summary.LastErrorRoute is { } route)
            {
                writer.WriteString("lastErrorRoute", route);
                writer.WriteString("lastError", summary.LastError);
            }
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteNext(writer, page.Next);
        writer.WriteEndObject();
    }

    public static void WriteEvent(Utf8JsonWriter writer, StoredEvent stored)
    {
        writer.WriteStartObject();
        WriteSummaryFields(writer, stored.Summary);
        if (stored.SenderTimestamp is { } sent)
            writer.WriteString("senderTimestamp", sent);
        else
            writer.WriteNull("senderTimestamp");

        writer.WriteString("contentType", stored.ContentType);
        // Both were checked when the event was received (the body parsed, the headers written by
        // Hookbox); validating again would refuse bodies nested deeper than the writer's default.
        // Signature headers stored before they were digested at capture are digested here.
        // A pruned or erased event's headers are {} and its payload null: the shapes stay, the data is gone.
        StoredHeadersJson.Write(writer, "headers", stored.Headers.Span);
        if (stored.PayloadPrunedAt is not null || stored.ErasedAt is not null)
            writer.WriteNull("payload");
        else
        {
            writer.WritePropertyName("payload");
            writer.WriteRawValue(ByteOrderMark.Skip(stored.Body.Span), skipInputValidation: true);
        }

        WriteTimeOrNull(writer, "payloadPrunedAt", stored.PayloadPrunedAt);
        WriteTimeOrNull(writer, "erasedAt", stored.ErasedAt);

        writer.WriteStartArray("deliveries");
        foreach (var delivery in stored.Deliveries)
        {
            writer.WriteStartObject();
            writer.WriteString("route", delivery.Route);
            writer.WriteString("status", delivery.Status.ToText());
            writer.WriteNumber("attempts", delivery.Attempts);
            writer.WriteString("lastError", delivery.LastError);
            if (delivery.NextAttemptAt is { } next)
                writer.WriteString("nextAttemptAt", next);
            else
                writer.WriteNull("nextAttemptAt");

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteRejectionPage(Utf8JsonWriter writer, Page<StoredRejection> page)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var (sequence, rejection) in page.Items)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", sequence);
            writer.WriteString("source", rejection.Source);
            writer.WriteString("receivedAt", rejection.ReceivedAt);
            writer.WriteNumber("statusCode", rejection.StatusCode);
            writer.WriteString("error", rejection.Error);
            writer.WriteString("message", rejection.Message);
            StoredHeadersJson.Write(writer, "headers", rejection.Headers.Span);
            if (rejection.BodyBytes is { } length)
                writer.WriteNumber("bodyBytes", length);
            else
                writer.WriteNull("bodyBytes");

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteNext(writer, page.Next);
        writer.WriteEndObject();
    }

    public static void WriteCatchUpRuns(Utf8JsonWriter writer, IReadOnlyList<CatchUpRun> runs)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("runs");
        foreach (var run in runs)
        {
            writer.WriteStartObject();
            writer.WriteString("source", run.Source);
            writer.WriteString("startedAt", run.StartedAt);
            WriteTimeOrNull(writer, "finishedAt", run.FinishedAt); // null while it runs
            writer.WriteString("windowStart", run.WindowStart);
            writer.WriteString("windowEnd", run.WindowEnd);
            writer.WriteNumber("seen", run.Seen);
            writer.WriteNumber("present", run.Present);
            writer.WriteNumber("recovered", run.Recovered);
            writer.WriteNumber("malformed", run.Malformed);
            writer.WriteString("error", run.Error);
            writer.WriteString("trigger", run.Trigger);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTimeOrNull(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
            writer.WriteString(name, value);
        else
            writer.WriteNull(name);
    }

    private static void WriteNext(Utf8JsonWriter writer, long? next)
    {
        if (ApiQuery.Cursor(next) is { } cursor)
            writer.WriteString("next", cursor);
        else
            writer.WriteNull("next");
    }
}
