using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hookbox.Stores.Tests;

/// <summary>
/// Everything an inbox shows through the store API, as indented JSON: each event as the list and
/// the details show it (deliveries, bodies and headers as text, pruned and erased markers), the
/// rejection log, and each source's catch-up runs and cursor. Two inboxes that hold the same
/// things give the same text, and a difference reads as a diff.
/// </summary>
internal static class InboxManifest
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<string> ReadAsync(IInboxStore store, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var events = new List<object>();
        long? after = null;
        do
        {
            var page = await store.ListEventsAsync(new EventQuery(null, null, null, 100, after), cancellationToken);
            foreach (var summary in page.Items)
            {
                var stored = (await store.GetEventAsync(summary.Id, cancellationToken))!; // listed a moment ago, and nothing deletes
                events.Add(new
                {
                    Listed = summary,
                    stored.Summary,
                    stored.SenderTimestamp,
                    stored.ContentType,
                    Headers = Encoding.UTF8.GetString(stored.Headers.Span),
                    Body = Encoding.UTF8.GetString(stored.Body.Span),
                    stored.Deliveries,
                    stored.PayloadPrunedAt,
                    stored.ErasedAt,
                });
            }

            after = page.Next;
        }
        while (after is not null);

        var rejections = await store.ListRejectionsAsync(new RejectionQuery(null, 100, null), cancellationToken);
        var catchUp = new List<object>();
        foreach (var source in sources)
        {
            catchUp.Add(new
            {
                Source = source,
                Runs = await store.ListCatchUpRunsAsync(source, 100, cancellationToken),
                Cursor = await store.GetCatchUpCursorAsync(source, cancellationToken),
            });
        }

        return JsonSerializer.Serialize(new
        {
            Events = events,
            Rejections = rejections.Items.Select(r => new { r.Sequence, r.Rejection, Headers = Encoding.UTF8.GetString(r.Rejection.Headers.Span) }),
            CatchUp = catchUp,
        }, Json);
    }
}
