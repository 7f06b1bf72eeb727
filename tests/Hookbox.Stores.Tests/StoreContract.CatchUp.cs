using Hookbox.Storage.Relational;

namespace Hookbox.Stores.Tests;

// What every store must do for catch-up (issue 10): each event's origin and subject, searchable;
// a webhook answered as a duplicate of the event a look recovered under another id; the
// questions a look asks; one look per source at a time; the history of looks and its cursor.
public abstract partial class StoreContract
{
    private static readonly DateTimeOffset CatchUpNow = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan CatchUpLease = TimeSpan.FromMinutes(5);

    /// <summary>An order.completed as a look recovers it from an order: its id made from the order's.</summary>
    private static IncomingEvent Recovered(string orderId, string source = "pocketsflow") =>
        Event($"order:{orderId}", source: source) with
        {
            Envelope = new EventEnvelope($"order:{orderId}", "order.completed", orderId),
            Origin = EventOrigin.CatchUp,
        };

    /// <summary>An order.completed as its webhook brings it: its own id, and the id a look would have given it.</summary>
    private static IncomingEvent Webhook(string webhookId, string orderId, string source = "pocketsflow") =>
        Event(webhookId, source: source) with
        {
            Envelope = new EventEnvelope(webhookId, "order.completed", orderId),
            CatchUpId = $"order:{orderId}",
        };

    private static IncomingEvent About(string eventId, string type, string? subject, string source = "pocketsflow", EventOrigin origin = EventOrigin.Webhook) =>
        Event(eventId, source: source, type: type) with { Envelope = new EventEnvelope(eventId, type, subject), Origin = origin };

    private async Task<List<string>> ListAsync(EventQuery query) =>
        [.. (await Store.ListEventsAsync(query, Token)).Items.Select(e => e.EventId)];

    [Fact]
    public async Task WriteBatch_OriginAndSubject_AreStoredAndReturnedByListAndGet()
    {
        var recovered = Recovered("ord_1");
        var plain = Event("webhook_2");
        await Store.WriteBatchAsync([recovered, plain], [], Token);

        var listed = (await Store.ListEventsAsync(new EventQuery(null, null, null, 10, null), Token)).Items;
        var shown = await Store.GetEventAsync(recovered.Id, Token);
        var shownPlain = await Store.GetEventAsync(plain.Id, Token);

        Assert.Equal([(EventOrigin.Webhook, null), (EventOrigin.CatchUp, "ord_1")], listed.Select(e => (e.Origin, e.Subject)));
        Assert.Equal((EventOrigin.CatchUp, "ord_1"), (shown!.Summary.Origin, shown.Summary.Subject));
        Assert.Equal((EventOrigin.Webhook, null), (shownPlain!.Summary.Origin, shownPlain.Summary.Subject));
        Assert.Equal(recovered.Body.ToArray(), shown.Body.ToArray()); // the columns after the summary still line up
        Assert.Equal(recovered.SenderTimestamp, shown.SenderTimestamp);
    }

    [Fact]
    public async Task ListEvents_BySubject_FindsThatSubjectsEventsExactlyWithTheOtherFilters()
    {
        await Store.WriteBatchAsync(
            [
                About("1", "order.completed", "ord_1"),
                About("2", "order.refunded", "ord_1"),
                About("3", "order.completed", "ord_10"),
                About("4", "order.completed", "ORD_1"),
                About("5", "order.completed", null),
                About("6", "order.completed", "ord_1", source: "stripe"),
            ],
            [],
            Token);

        Assert.Equal(["6", "2", "1"], await ListAsync(new EventQuery(null, null, null, 10, null, Subject: "ord_1")));
        Assert.Equal(["2", "1"], await ListAsync(new EventQuery("pocketsflow", null, null, 10, null, Subject: "ord_1")));
        Assert.Equal(["1"], await ListAsync(new EventQuery("pocketsflow", "order.completed", null, 10, null, Subject: "ord_1")));
        Assert.Empty(await ListAsync(new EventQuery(null, null, null, 10, null, Subject: "ord_")));
    }

    /// <summary>
    /// What a store migrated from before subject keys must find: the events its test seeded,
    /// hb_a about ord_1 and hb_b about commande-é-2 (not ASCII), both pocketsflow order.completed.
    /// </summary>
    protected static async Task AssertFindsSeededSubjectsAsync(IInboxStore store)
    {
        var first = await store.ListEventsAsync(new EventQuery(null, null, null, 10, null, Subject: "ord_1"), Token);
        var second = await store.ListEventsAsync(new EventQuery(null, null, null, 10, null, Subject: "commande-é-2"), Token);
        var found = await store.FindStoredSubjectsAsync("pocketsflow", "order.completed", ["ord_1", "commande-é-2", "ord_3"], Token);

        Assert.Equal("hb_a", Assert.Single(first.Items).Id);
        Assert.Equal("hb_b", Assert.Single(second.Items).Id);
        Assert.Equal(["commande-é-2", "ord_1"], found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SubjectLookups_AnotherSubjectSharingTheKey_IsNotTakenForIt()
    {
        var other = About("2", "order.completed", "ord_2");
        await Store.WriteBatchAsync([About("1", "order.completed", "ord_1"), other], [], Token);
        await SetSubjectKeyAsync("ord_2", SubjectKey.Of("ord_1"));

        var listed = await ListAsync(new EventQuery(null, null, null, 10, null, Subject: "ord_1"));
        var found = await Store.FindStoredSubjectsAsync("pocketsflow", "order.completed", ["ord_1"], Token);
        var erased = await Store.EraseSubjectAsync("ord_1", Received, Token);

        Assert.Equal(["1"], listed);
        Assert.Equal(["ord_1"], found);
        Assert.Equal(1, erased);
        Assert.Equal(other.Body.ToArray(), (await Store.GetEventAsync(other.Id, Token))!.Body.ToArray());
    }

    [Fact]
    public async Task ListEvents_ByOrigin_FindsOnlyTheEventsThatArrivedThatWay()
    {
        await Store.WriteBatchAsync(
            [Event("w-1"), Recovered("1"), Event("w-2"), Recovered("2", source: "stripe")],
            [],
            Token);

        Assert.Equal(["order:2", "order:1"], await ListAsync(new EventQuery(null, null, null, 10, null, Origin: EventOrigin.CatchUp)));
        Assert.Equal(["order:1"], await ListAsync(new EventQuery("pocketsflow", null, null, 10, null, Origin: EventOrigin.CatchUp)));
        Assert.Equal(["w-2", "w-1"], await ListAsync(new EventQuery(null, null, null, 10, null, Origin: EventOrigin.Webhook)));
        Assert.Equal(["order:1"], await ListAsync(new EventQuery(null, null, null, 10, null, Subject: "1", Origin: EventOrigin.CatchUp)));
    }

    [Fact]
    public async Task WriteBatch_WebhookOfAnOrderALookRecovered_IsDuplicateOfTheRecoveredEventAndStoresNothing()
    {
        var recovered = Recovered("ord_1");
        await AppendAsync(recovered);

        var late = await AppendAsync(Webhook("webhook_abc", "ord_1"));

        Assert.Equal(new AppendResult(AppendStatus.Duplicate, recovered.Id), late);
        Assert.Equal(["order:ord_1"], await ListAsync(new EventQuery(null, null, null, 10, null)));
    }

    [Fact]
    public async Task WriteBatch_RecoveredEventThenItsWebhookInOneBatch_WebhookIsDuplicateOfTheRecoveredOne()
    {
        var recovered = Recovered("ord_1");

        var results = await Store.WriteBatchAsync([recovered, Event("other"), Webhook("webhook_abc", "ord_1")], [], Token);

        Assert.Equal(
            [new(AppendStatus.Accepted, recovered.Id), results[1], new AppendResult(AppendStatus.Duplicate, recovered.Id)],
            results);
        Assert.Equal(["other", "order:ord_1"], await ListAsync(new EventQuery(null, null, null, 10, null)));
    }

    [Fact]
    public async Task WriteBatch_WebhookThenTheRecoveredEventInOneBatch_BothAreStoredAsIfWrittenOneAtATime()
    {
        // The rule looks at what is stored when the webhook comes: nothing yet. A batch answers
        // as its events would one at a time, whatever the group commit put together.
        var webhook = Webhook("webhook_abc", "ord_1");
        var recovered = Recovered("ord_1");

        var results = await Store.WriteBatchAsync([webhook, recovered], [], Token);

        Assert.Equal([new(AppendStatus.Accepted, webhook.Id), new AppendResult(AppendStatus.Accepted, recovered.Id)], results);
    }

    [Fact]
    public async Task WriteBatch_CatchUpIdNamingNothingStored_IsAccepted()
    {
        await AppendAsync(Recovered("ord_1", source: "stripe")); // another source's event of that id does not count

        var webhook = Webhook("webhook_abc", "ord_1");
        var result = await AppendAsync(webhook);
        var again = await AppendAsync(Webhook("webhook_abc", "ord_1"));

        Assert.Equal(new AppendResult(AppendStatus.Accepted, webhook.Id), result);
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, webhook.Id), again);
    }

    [Fact]
    public async Task WriteBatch_OwnEventIdAndCatchUpIdBothStored_IsDuplicateOfTheOneUnderItsOwnId()
    {
        // Both stored: the webhook came first, then a look recovered its order before seeing it.
        var webhook = Webhook("webhook_abc", "ord_1") with { CatchUpId = null };
        var recovered = Recovered("ord_1");
        await Store.WriteBatchAsync([webhook, recovered], [], Token);

        var resent = await AppendAsync(Webhook("webhook_abc", "ord_1"));

        Assert.Equal(new AppendResult(AppendStatus.Duplicate, webhook.Id), resent);
    }

    [Fact]
    public async Task WriteBatch_MixOfCatchUpIds_AnswersAsTheEventsWouldOneAtATime()
    {
        var committed = Recovered("1");
        await AppendAsync(committed);
        IncomingEvent[] batch =
        [
            Webhook("w0", "1"),                                                            // 0: names the committed one
            Recovered("2"),                                                                // 1
            Webhook("w2", "2"),                                                            // 2: names 1, earlier in the batch
            Webhook("w3", "3"),                                                            // 3: names 4, not stored yet
            Recovered("3"),                                                                // 4
            Webhook("order:5", "1"),                                                       // 5: a duplicate of the committed one, not stored
            Event("w6") with { CatchUpId = "order:5" },                                    // 6: names 5, which was not stored
            Webhook("w2", "2"),                                                            // 7: a copy of 2
            Event("w8") with { CatchUpId = "w6" },                                         // 8: names 6, itself stored after a lookup
        ];

        var results = await Store.WriteBatchAsync(batch, [], Token);

        AppendResult Accepted(int i) => new(AppendStatus.Accepted, batch[i].Id);
        AppendResult DuplicateOf(string id) => new(AppendStatus.Duplicate, id);
        Assert.Equal(
            [
                DuplicateOf(committed.Id), Accepted(1), DuplicateOf(batch[1].Id), Accepted(3), Accepted(4),
                DuplicateOf(committed.Id), Accepted(6), DuplicateOf(batch[1].Id), DuplicateOf(batch[6].Id),
            ],
            results);
        Assert.Equal(["order:1", "order:2", "order:3", "w3", "w6"], (await ListAsync(new EventQuery(null, null, null, 20, null))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FindStoredEventIds_ManyKeys_ReturnsTheSourcesStoredOnesOnly()
    {
        await Store.WriteBatchAsync([.. Enumerable.Range(0, 300).Where(i => i % 3 == 0).Select(i => Event($"evt_{i}")), Event("evt_1", source: "stripe")], [], Token);
        var asked = Enumerable.Range(0, 600).Select(i => $"evt_{i}").Append("evt_'\"; DROP").ToList();

        var found = await Store.FindStoredEventIdsAsync("pocketsflow", asked, Token);

        Assert.Equal(Enumerable.Range(0, 300).Where(i => i % 3 == 0).Select(i => $"evt_{i}").Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Empty(await Store.FindStoredEventIdsAsync("pocketsflow", [], Token));
        Assert.Empty(await Store.FindStoredEventIdsAsync("nobody", asked, Token));
    }

    [Fact]
    public async Task FindStoredSubjects_OfOneType_AnotherTypesOrSourcesEventOfTheSameSubjectDoesNotCount()
    {
        await Store.WriteBatchAsync(
            [
                About("1", "order.completed", "ord_1"),
                About("2", "order.completed", "ord_2", origin: EventOrigin.CatchUp),
                About("3", "order.refunded", "ord_3"),
                About("4", "order.completed", "ord_4", source: "stripe"),
                About("5", "order.completed", null),
                About("6", "order.completed", "ord_1"),
            ],
            [],
            Token);
        var asked = Enumerable.Range(1, 400).Select(i => $"ord_{i}").ToList();

        var found = await Store.FindStoredSubjectsAsync("pocketsflow", "order.completed", asked, Token);

        Assert.Equal(["ord_1", "ord_2"], found.Order(StringComparer.Ordinal));
        Assert.Empty(await Store.FindStoredSubjectsAsync("pocketsflow", "order.completed", [], Token));
    }

    [Fact]
    public async Task TryAcquireCatchUp_FreeLease_IsTakenAndAnotherHolderIsRefusedUntilItExpires()
    {
        var taken = await Store.TryAcquireCatchUpAsync("pocketsflow", "a", CatchUpNow, CatchUpNow + CatchUpLease, Token);
        var refused = await Store.TryAcquireCatchUpAsync("pocketsflow", "b", CatchUpNow + CatchUpLease - TimeSpan.FromSeconds(1), CatchUpNow + CatchUpLease + CatchUpLease, Token);
        var otherSource = await Store.TryAcquireCatchUpAsync("stripe", "b", CatchUpNow, CatchUpNow + CatchUpLease, Token);
        var takenOver = await Store.TryAcquireCatchUpAsync("pocketsflow", "b", CatchUpNow + CatchUpLease + TimeSpan.FromSeconds(1), CatchUpNow + CatchUpLease + CatchUpLease, Token);
        var formerHolder = await Store.TryAcquireCatchUpAsync("pocketsflow", "a", CatchUpNow + CatchUpLease + TimeSpan.FromSeconds(2), CatchUpNow + CatchUpLease + CatchUpLease, Token);

        Assert.Equal((true, false, true, true, false), (taken, refused, otherSource, takenOver, formerHolder));
    }

    [Fact]
    public async Task TryAcquireCatchUp_SameHolderAgain_KeepsItAndMovesItsEnd()
    {
        await Store.TryAcquireCatchUpAsync("pocketsflow", "a", CatchUpNow, CatchUpNow + CatchUpLease, Token);

        var again = await Store.TryAcquireCatchUpAsync("pocketsflow", "a", CatchUpNow + TimeSpan.FromMinutes(1), CatchUpNow + CatchUpLease + CatchUpLease, Token);
        var afterTheFirstEnd = await Store.TryAcquireCatchUpAsync("pocketsflow", "b", CatchUpNow + CatchUpLease + TimeSpan.FromSeconds(1), CatchUpNow + CatchUpLease + CatchUpLease, Token);

        Assert.True(again);
        Assert.False(afterTheFirstEnd); // the lease runs to its new end
    }

    [Fact]
    public async Task ReleaseCatchUp_ByAnotherHolder_DoesNothingAndByTheHolder_FreesIt()
    {
        await Store.TryAcquireCatchUpAsync("pocketsflow", "a", CatchUpNow, CatchUpNow + CatchUpLease, Token);

        await Store.ReleaseCatchUpAsync("pocketsflow", "b", Token);
        var whileHeld = await Store.TryAcquireCatchUpAsync("pocketsflow", "b", CatchUpNow, CatchUpNow + CatchUpLease, Token);
        await Store.ReleaseCatchUpAsync("pocketsflow", "a", Token);
        var released = await Store.TryAcquireCatchUpAsync("pocketsflow", "b", CatchUpNow, CatchUpNow + CatchUpLease, Token);

        Assert.False(whileHeld);
        Assert.True(released);
    }

    [Fact]
    public async Task TryAcquireCatchUp_FromTwoInstancesOfOneStore_OnlyOneHoldsIt()
    {
        var other = await OpenAnotherInstanceAsync();

        var both = await Task.WhenAll(
            Store.TryAcquireCatchUpAsync("pocketsflow", "instance-1", CatchUpNow, CatchUpNow + CatchUpLease, Token),
            other.TryAcquireCatchUpAsync("pocketsflow", "instance-2", CatchUpNow, CatchUpNow + CatchUpLease, Token));
        var (holder, holding, loser, waiting) = both[0] ? ("instance-1", Store, "instance-2", other) : ("instance-2", other, "instance-1", Store);
        var whileHeld = await waiting.TryAcquireCatchUpAsync("pocketsflow", loser, CatchUpNow, CatchUpNow + CatchUpLease, Token);
        await holding.ReleaseCatchUpAsync("pocketsflow", holder, Token);
        var afterRelease = await waiting.TryAcquireCatchUpAsync("pocketsflow", loser, CatchUpNow, CatchUpNow + CatchUpLease, Token);

        Assert.Single(both, taken => taken);
        Assert.False(whileHeld);
        Assert.True(afterRelease);
    }

    private static CatchUpRun Run(int seen, string source = "pocketsflow", DateTimeOffset? windowEnd = null, string? error = null, bool finished = true) => new(
        source,
        CatchUpNow.AddMinutes(seen),
        finished ? CatchUpNow.AddMinutes(seen).AddSeconds(3) : null,
        CatchUpNow.AddDays(-3),
        windowEnd ?? CatchUpNow.AddMinutes(seen),
        seen,
        seen / 2,
        seen - (seen / 2),
        0,
        error,
        "schedule");

    [Fact]
    public async Task RecordCatchUpRun_EveryField_IsListedBackNewestFirst()
    {
        var first = new CatchUpRun(
            "pocketsflow",
            new DateTimeOffset(2026, 12, 1, 10, 0, 0, 250, TimeSpan.FromHours(2)),
            new DateTimeOffset(2026, 12, 1, 8, 0, 4, 999, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 28, 8, 0, 0, 1, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 1, 7, 55, 0, 0, TimeSpan.Zero),
            42, 40, 1, 1, null, "start-up");
        var second = new CatchUpRun("pocketsflow", CatchUpNow, null, CatchUpNow.AddDays(-1), CatchUpNow, 0, 0, 0, 7, "HTTP 401 from api.pocketsflow.com: check Hookbox:Sources:pocketsflow:CatchUp:ApiKey", "request");
        await Store.RecordCatchUpRunAsync(first, Token);
        await Store.RecordCatchUpRunAsync(Run(1, source: "stripe"), Token);
        await Store.RecordCatchUpRunAsync(second, Token);

        var runs = await Store.ListCatchUpRunsAsync("pocketsflow", 10, Token);
        var newest = await Store.ListCatchUpRunsAsync("pocketsflow", 1, Token);

        Assert.Equal([second, first], runs);
        Assert.Equal([second], newest);
        Assert.Empty(await Store.ListCatchUpRunsAsync("github", 10, Token));
    }

    [Fact]
    public async Task RecordCatchUpRun_PastAHundred_KeepsTheSourcesLatestHundredAndNoOtherSourcesRuns()
    {
        await Store.RecordCatchUpRunAsync(Run(1, source: "stripe"), Token);
        await Store.RecordCatchUpRunAsync(Run(2, source: "stripe"), Token);
        for (var i = 1; i <= 103; i++)
            await Store.RecordCatchUpRunAsync(Run(i), Token);

        var kept = await Store.ListCatchUpRunsAsync("pocketsflow", 500, Token);
        var others = await Store.ListCatchUpRunsAsync("stripe", 500, Token);

        Assert.Equal(Enumerable.Range(4, 100).Reverse(), kept.Select(r => r.Seen));
        Assert.Equal([2, 1], others.Select(r => r.Seen));
    }

    [Fact]
    public async Task GetCatchUpCursor_SkipsFailedAndUnfinishedLooks_AndTakesTheLatestCompletedWindowEnd()
    {
        var none = await Store.GetCatchUpCursorAsync("pocketsflow", Token);
        await Store.RecordCatchUpRunAsync(Run(1, error: "timed out"), Token);
        var onlyFailed = await Store.GetCatchUpCursorAsync("pocketsflow", Token);
        await Store.RecordCatchUpRunAsync(Run(2, windowEnd: CatchUpNow.AddHours(2)), Token);
        await Store.RecordCatchUpRunAsync(Run(3, windowEnd: CatchUpNow.AddHours(1)), Token);
        await Store.RecordCatchUpRunAsync(Run(4, windowEnd: CatchUpNow.AddHours(5), error: "HTTP 500"), Token);
        await Store.RecordCatchUpRunAsync(Run(5, windowEnd: CatchUpNow.AddHours(6), finished: false), Token);
        await Store.RecordCatchUpRunAsync(Run(6, source: "stripe", windowEnd: CatchUpNow.AddHours(9)), Token);

        var cursor = await Store.GetCatchUpCursorAsync("pocketsflow", Token);

        Assert.Null(none);
        Assert.Null(onlyFailed);
        Assert.Equal(CatchUpNow.AddHours(2), cursor);
    }
}
