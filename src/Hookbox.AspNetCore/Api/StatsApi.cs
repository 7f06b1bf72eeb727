using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>
/// <c>GET /api/stats</c>: the overview in one answer: the inbox's counts per source, events per
/// minute, the state of dispatch, duplicates seen since this instance started, and open alerts.
/// </summary>
internal sealed class StatsApi(IInboxStats stats, DuplicateTally duplicates, TimeProvider timeProvider)
{
    public async Task GetAsync(HttpContext context)
    {
        var now = timeProvider.GetUtcNow();
        var snapshot = await stats.GetStatsAsync(now, context.RequestAborted).ConfigureAwait(false);
        var duplicatesBySource = duplicates.Counts();

        // Alerting may be off (Hookbox:Alerts:Enabled false, as on all but one of several
        // instances): the answer then says "not configured" (null), not "none open" ([]).
        var alertsOn = context.RequestServices.GetRequiredService<IOptions<HookboxOptions>>().Value.Alerts.Enabled;
        var alerts = alertsOn ? context.RequestServices.GetService<IAlertBoard>()?.Open : null;
        await JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, writer => Write(writer, now, snapshot, duplicatesBySource, alerts)).ConfigureAwait(false);
    }

    private void Write(Utf8JsonWriter writer, DateTimeOffset now, InboxStats snapshot, IReadOnlyDictionary<string, long> duplicatesBySource, IReadOnlyList<Alert>? alerts)
    {
        writer.WriteStartObject();
        writer.WriteString("now", now);
        writer.WriteString("duplicatesSince", duplicates.Since);

        // A source whose only traffic today was duplicates (of older events) still gets its row.
        var known = snapshot.Sources.ToDictionary(s => s.Source, StringComparer.Ordinal);
        var names = known.Keys.Union(duplicatesBySource.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        writer.WriteStartArray("sources");
        foreach (var name in names)
        {
            var source = known.GetValueOrDefault(name);
            writer.WriteStartObject();
            writer.WriteString("source", name);
            WriteWindow(writer, "lastHour", source?.LastHour);
            WriteWindow(writer, "lastDay", source?.LastDay);
            writer.WriteNumber("duplicatesSinceStart", duplicatesBySource.GetValueOrDefault(name));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("eventsPerMinute");
        foreach (var minute in snapshot.EventsPerMinute)
        {
            writer.WriteStartObject();
            writer.WriteString("minute", minute.Minute);
            writer.WriteNumber("events", minute.Events);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartObject("dispatch");
        writer.WriteNumber("due", snapshot.Dispatch.Due);
        if (snapshot.Dispatch.OldestPending is { } oldest)
            writer.WriteString("oldestPending", oldest);
        else
            writer.WriteNull("oldestPending");

        writer.WriteNumber("deadEvents", snapshot.Dispatch.DeadEvents);
        writer.WriteEndObject();

        if (alerts is null)
        {
            writer.WriteNull("alerts");
        }
        else
        {
            writer.WriteStartArray("alerts");
            foreach (var alert in alerts)
            {
                writer.WriteStartObject();
                writer.WriteString("key", alert.Key);
                writer.WriteString("kind", alert.Kind);
                writer.WriteString("subject", alert.Subject);
                writer.WriteString("message", alert.Message);
                writer.WriteString("since", alert.Since);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteWindow(Utf8JsonWriter writer, string name, WindowCounts? counts)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("accepted", counts?.Accepted ?? 0);
        writer.WriteNumber("rejected", counts?.Rejected ?? 0);
        writer.WriteNumber("failing", counts?.Failing ?? 0);
        writer.WriteEndObject();
    }
}
