using System.Text;

namespace Hookbox.Stores.Tests;

// Appending and reading back: dedupe, batches, the rejection log, listing and paging, and what
// another instance or a restart finds.
public abstract partial class StoreContract
{
    [Fact]
    public async Task WriteBatch_NewEvent_IsAcceptedAndReadBackByteExact()
    {
        var incoming = Event("webhook_123abc");

        var result = await AppendAsync(incoming);
        var stored = await Store.GetEventAsync(incoming.Id, Token);

        Assert.Equal(new AppendResult(AppendStatus.Accepted, incoming.Id), result);
        Assert.NotNull(stored);
        Assert.Equal(new EventSummary(incoming.Id, "pocketsflow", "webhook_123abc", "order.completed", EventStatus.Unrouted, Received), stored.Summary);
        Assert.Equal(incoming.SenderTimestamp, stored.SenderTimestamp);
        Assert.Equal(incoming.ContentType, stored.ContentType);
        Assert.Equal(incoming.Body.ToArray(), stored.Body.ToArray());
        Assert.Equal(incoming.Headers.ToArray(), stored.Headers.ToArray());
    }

    [Fact]
    public async Task WriteBatch_EmptyBodyNullsAndNonAsciiOrLongText_AreReadBackAsWritten()
    {
        // Each value kind the insert binds at its edge: no bytes is not NULL, a null is NULL,
        // text is UTF-8 however long.
        var eventId = "évènement-" + new string('ü', 600);
        var incoming = Event(eventId, type: "commande.payée") with { SenderTimestamp = null, ContentType = null, Headers = ReadOnlyMemory<byte>.Empty, Body = ReadOnlyMemory<byte>.Empty };

        var result = await AppendAsync(incoming);
        var stored = await Store.GetEventAsync(incoming.Id, Token);
        var again = await AppendAsync(Event(eventId));

        Assert.Equal(AppendStatus.Accepted, result.Status);
        Assert.NotNull(stored);
        Assert.Equal(eventId, stored.Summary.EventId);
        Assert.Equal("commande.payée", stored.Summary.Type);
        Assert.Null(stored.SenderTimestamp);
        Assert.Null(stored.ContentType);
        Assert.Empty(stored.Body.ToArray());
        Assert.Empty(stored.Headers.ToArray());
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, incoming.Id), again);
    }

    [Fact]
    public async Task WriteBatch_SameSourceAndEventIdAgain_IsDuplicateOfTheFirstAndStoresNothing()
    {
        var first = Event("evt-1");
        await AppendAsync(first);

        var again = await AppendAsync(Event("evt-1"));
        var page = await Store.ListEventsAsync(new EventQuery(null, null, null, 10, null), Token);

        Assert.Equal(new AppendResult(AppendStatus.Duplicate, first.Id), again);
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task WriteBatch_SameEventIdFromAnotherSource_IsAccepted()
    {
        await AppendAsync(Event("evt-1", source: "pocketsflow"));

        var other = await AppendAsync(Event("evt-1", source: "stripe"));

        Assert.Equal(AppendStatus.Accepted, other.Status);
    }

    [Fact]
    public async Task WriteBatch_DuplicateInsideOneBatch_IsDuplicateOfTheEarlierOne()
    {
        var first = Event("evt-1");

        var results = await Store.WriteBatchAsync([first, Event("evt-2"), Event("evt-1")], [], Token);

        Assert.Equal(
            [AppendStatus.Accepted, AppendStatus.Accepted, AppendStatus.Duplicate],
            results.Select(r => r.Status));
        Assert.Equal(first.Id, results[2].Id);
    }

    [Fact]
    public async Task AppendAsync_FiftyConcurrentCopiesOfOneEvent_OneAcceptedFortyNineDuplicates()
    {
        var writer = StartWriter();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => writer.AppendAsync(Event("same"), Token).AsTask()));

        var accepted = Assert.Single(results, r => r.Status == AppendStatus.Accepted);
        Assert.All(results, r => Assert.Equal(accepted.Id, r.Id));
        Assert.Single((await Store.ListEventsAsync(new EventQuery(null, null, null, 100, null), Token)).Items);
    }

    [Fact]
    public async Task WriteBatch_SameEventsFromTwoInstancesAtOnce_EachStoredOnceAndAcceptedOnce()
    {
        var other = await OpenAnotherInstanceAsync();
        var keys = Enumerable.Range(0, 40).Select(i => $"race-{i}").ToArray();

        // Each instance writes every key, in batches of a few, at the same time as the other.
        async Task<AppendResult[]> WriteAllAsync(IInboxStore store) =>
            [.. (await Task.WhenAll(keys.Chunk(4).Select(chunk => store.WriteBatchAsync([.. chunk.Select(k => Event(k))], [], Token)))).SelectMany(r => r)];
        var both = await Task.WhenAll(WriteAllAsync(Store), WriteAllAsync(other));
        var stored = await Store.ListEventsAsync(new EventQuery(null, null, null, 100, null), Token);

        Assert.Equal(keys.Length, both.SelectMany(r => r).Count(r => r.Status == AppendStatus.Accepted));
        Assert.Equal(keys.Order(), stored.Items.Select(e => e.EventId).Order());
        for (var i = 0; i < keys.Length; i++)
            Assert.Equal(both[0][i].Id, both[1][i].Id); // both instances answer with the one stored id
    }

    [Fact]
    public async Task MigrateAsync_OnACurrentStore_ChangesNothing()
    {
        var incoming = Event("kept");
        await AppendAsync(incoming);

        await Store.MigrateAsync(Token);

        Assert.NotNull(await Store.GetEventAsync(incoming.Id, Token));
    }

    [Fact]
    public async Task GetEvent_UnknownId_IsNull() =>
        Assert.Null(await Store.GetEventAsync("hb_doesnotexist", Token));

    [Fact]
    public async Task ListEvents_FiltersBySourceTypeAndStatus_NewestFirst()
    {
        await Store.WriteBatchAsync(
            [
                Event("1", source: "pocketsflow", type: "order.completed"),
                Event("2", source: "pocketsflow", type: "invoice.paid"),
                Event("3", source: "stripe", type: "order.completed"),
                Event("4", source: "pocketsflow", type: "order.completed"),
            ],
            [],
            Token);

        var bySource = await Store.ListEventsAsync(new EventQuery("pocketsflow", null, null, 10, null), Token);
        var byBoth = await Store.ListEventsAsync(new EventQuery("pocketsflow", "order.completed", null, 10, null), Token);
        var byStatus = await Store.ListEventsAsync(new EventQuery(null, null, EventStatus.Unrouted, 10, null), Token);
        var none = await Store.ListEventsAsync(new EventQuery(null, null, EventStatus.Dead, 10, null), Token);

        Assert.Equal(["4", "2", "1"], bySource.Items.Select(e => e.EventId));
        Assert.Equal(["4", "1"], byBoth.Items.Select(e => e.EventId));
        Assert.Equal(4, byStatus.Items.Count);
        Assert.Empty(none.Items);
    }

    [Fact]
    public async Task ListEvents_ByEventId_MatchesTheWholeIdOrItsStartLiterallyAndWithCase()
    {
        await Store.WriteBatchAsync(
            [
                Event("webhook_123abc"),
                Event("webhook_123abd", source: "stripe"),
                Event("webhook_999"),
                Event("webhookX123abc"), // '_' must not match any character, as it would in LIKE
                Event("WEBHOOK_123abc"),
                Event("ünï_çødé_1"),
            ],
            [],
            Token);

        async Task<IEnumerable<string>> FindAsync(string eventId, string? source = null) =>
            (await Store.ListEventsAsync(new EventQuery(source, null, null, 10, null, eventId), Token)).Items.Select(e => e.EventId);

        Assert.Equal(["webhook_123abc"], await FindAsync("webhook_123abc"));
        Assert.Equal(["webhook_123abd", "webhook_123abc"], await FindAsync("webhook_123"));
        Assert.Equal(["webhook_999", "webhook_123abd", "webhook_123abc"], await FindAsync("webhook_"));
        Assert.Equal(["webhook_999", "webhook_123abc"], await FindAsync("webhook_", source: "pocketsflow"));
        Assert.Equal(["ünï_çødé_1"], await FindAsync("ünï_ç"));
        Assert.Empty(await FindAsync("123abc"));
        Assert.Empty(await FindAsync("webhook_123abc_and_more"));
    }

    [Fact]
    public async Task ListEvents_ByEventIdPrefix_PagesWithTheCursor()
    {
        await Store.WriteBatchAsync([.. Enumerable.Range(1, 5).Select(i => Event($"order-{i}")), Event("other-1")], [], Token);

        var first = await Store.ListEventsAsync(new EventQuery(null, null, null, 3, null, "order-"), Token);
        var second = await Store.ListEventsAsync(new EventQuery(null, null, null, 3, first.Next, "order-"), Token);

        Assert.Equal(["order-5", "order-4", "order-3"], first.Items.Select(e => e.EventId));
        Assert.Equal(["order-2", "order-1"], second.Items.Select(e => e.EventId));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task ListEvents_FollowingTheCursor_VisitsEveryEventOnceNewestFirst()
    {
        await Store.WriteBatchAsync([.. Enumerable.Range(1, 7).Select(i => Event($"e{i}"))], [], Token);

        var seen = new List<string>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.ListEventsAsync(new EventQuery(null, null, null, 3, cursor), Token);
            seen.AddRange(page.Items.Select(e => e.EventId));
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["e7", "e6", "e5", "e4", "e3", "e2", "e1"], seen);
    }

    [Fact]
    public async Task ListEvents_PageExactlyFull_HasNoNextCursor()
    {
        await Store.WriteBatchAsync([Event("a"), Event("b")], [], Token);

        var page = await Store.ListEventsAsync(new EventQuery(null, null, null, 2, null), Token);

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Rejections_AreListedNewestFirstAndBoundedToTheCapacity()
    {
        for (var i = 1; i <= 5; i++)
        {
            var rejection = new Rejection("pocketsflow", Received.AddSeconds(i), 401, ErrorCodes.InvalidSignature, $"reason {i}", Encoding.UTF8.GetBytes("""{"Host":"x"}"""), 100 + i);
            await Store.WriteBatchAsync([], [rejection], Token);
        }

        var page = await Store.ListRejectionsAsync(new RejectionQuery(null, 10, null), Token);

        Assert.Equal(["reason 5", "reason 4", "reason 3"], page.Items.Select(r => r.Rejection.Message));
        var newest = page.Items[0].Rejection;
        Assert.Equal((401, ErrorCodes.InvalidSignature, 105L, Received.AddSeconds(5)), (newest.StatusCode, newest.Error, newest.BodyBytes!.Value, newest.ReceivedAt));
        Assert.Equal("""{"Host":"x"}""", Encoding.UTF8.GetString(newest.Headers.Span));
    }

    [Fact]
    public async Task Rejections_FilteredBySource()
    {
        await Store.WriteBatchAsync([], [Rejected("pocketsflow"), Rejected("stripe")], Token);

        var page = await Store.ListRejectionsAsync(new RejectionQuery("stripe", 10, null), Token);

        Assert.Equal("stripe", Assert.Single(page.Items).Rejection.Source);
    }

    [Fact]
    public async Task Rejections_AFloodAtOneSource_KeepsOnlyItsNewestAndNeverEvictsAnothers()
    {
        var store = await CreateStoreAsync(new HookboxOptions { Ingest = { RejectionLogCapacity = 100, RejectionLogPerSource = 2 } });
        try
        {
            await store.WriteBatchAsync([], [Rejected("stripe")], Token);
            for (var i = 1; i <= 5; i++)
                await store.WriteBatchAsync([], [Rejected("pocketsflow", $"flood {i}")], Token);

            var page = await store.ListRejectionsAsync(new RejectionQuery(null, 10, null), Token);

            Assert.Equal(["pocketsflow flood 5", "pocketsflow flood 4", "stripe the body is not valid JSON"], page.Items.Select(r => $"{r.Rejection.Source} {r.Rejection.Message}"));
        }
        finally
        {
            await DisposeAsync(store);
        }
    }

    [Fact]
    public async Task Rejections_AreBoundedInBytes_KeepingTheNewestThatFit()
    {
        // Each entry is 30 bytes: 22 of headers and 8 of message; 100 bytes keep three.
        var store = await CreateStoreAsync(new HookboxOptions { Ingest = { RejectionLogCapacity = 100, RejectionLogMaxBytes = 100 } });
        try
        {
            for (var i = 1; i <= 5; i++)
            {
                var rejection = new Rejection("pocketsflow", Received, 401, ErrorCodes.InvalidSignature, $"reason {i}", Encoding.UTF8.GetBytes("""{"Host":"xxxxxxxxxxx"}"""), null);
                await store.WriteBatchAsync([], [rejection], Token);
            }

            var page = await store.ListRejectionsAsync(new RejectionQuery(null, 10, null), Token);

            Assert.Equal(["reason 5", "reason 4", "reason 3"], page.Items.Select(r => r.Rejection.Message));
        }
        finally
        {
            await DisposeAsync(store);
        }
    }
}
