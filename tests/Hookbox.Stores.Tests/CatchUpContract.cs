namespace Hookbox.Stores.Tests;

/// <summary>
/// What every store must do for catch-up (issue 10): each event's origin and subject, searchable;
/// a webhook answered as a duplicate of the event a look recovered under another id; the
/// questions a look asks; one look per source at a time; the history of looks and its cursor.
/// </summary>
public abstract class CatchUpContract : RetentionContract
{
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
}
