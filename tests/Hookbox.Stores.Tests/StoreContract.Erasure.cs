using System.Text;

namespace Hookbox.Stores.Tests;

// What every store must do for erasure (issue 11): an erased event loses its body and headers
// but keeps its record and (source, event id), so a re-send is still a duplicate; its
// deliveries still to run end dead, and it is never replayed; by id, by subject, and by an
// email that a payload holds as a whole string value, in any case.
public abstract partial class StoreContract
{
    private static readonly DateTimeOffset ErasureNow = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static IncomingEvent Erasable(string eventId, string? subject = null, string? body = null, params string[] routes) =>
        Event(eventId, receivedAt: ErasureNow - TimeSpan.FromHours(1), routes: routes) with
        {
            Envelope = new EventEnvelope(eventId, "order.completed", subject),
            Body = Encoding.UTF8.GetBytes(body ?? $$"""{"webhookId":"{{eventId}}","email":"someone@example.com"}"""),
        };

    private static void AssertErased(StoredEvent stored)
    {
        Assert.Equal(ErasureNow, stored.ErasedAt);
        Assert.Empty(stored.Body.ToArray());
        Assert.Equal("{}"u8.ToArray(), stored.Headers.ToArray());
    }

    private static void AssertKept(IncomingEvent incoming, StoredEvent stored)
    {
        Assert.Null(stored.ErasedAt);
        Assert.Equal(incoming.Body.ToArray(), stored.Body.ToArray());
    }

    [Fact]
    public async Task Erase_EventWithAPendingDelivery_LosesPayloadKeepsItsDedupeKeyAndItsDeliveryEndsDead()
    {
        var incoming = Erasable("erase-me", routes: "orders");
        await AppendAsync(incoming);

        var erasedAt = await Store.EraseAsync(incoming.Id, ErasureNow, Token);
        var stored = await ShowAsync(incoming);
        var again = await AppendAsync(Erasable("erase-me", routes: "orders"));

        Assert.Equal(ErasureNow, erasedAt);
        AssertErased(stored);
        Assert.Equal(("erase-me", EventStatus.Dead), (stored.Summary.EventId, stored.Summary.Status));
        var delivery = Assert.Single(stored.Deliveries);
        Assert.Equal(("orders", DeliveryStatus.Dead, ErasureMessages.DeliveryStopped), (delivery.Route, delivery.Status, delivery.LastError));
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, incoming.Id), again);
        Assert.Empty(await Store.LeaseAsync("orders", 10, ErasureNow, ErasureNow + TimeSpan.FromMinutes(1), 3, Token));
    }

    [Fact]
    public async Task Erase_AgainLater_KeepsTheFirstTimeAndChangesNothing()
    {
        var incoming = Erasable("twice");
        await AppendAsync(incoming);
        await Store.EraseAsync(incoming.Id, ErasureNow, Token);

        var second = await Store.EraseAsync(incoming.Id, ErasureNow + TimeSpan.FromDays(1), Token);

        Assert.Equal(ErasureNow, second);
        AssertErased(await ShowAsync(incoming));
    }

    [Fact]
    public async Task Erase_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.EraseAsync("evt_missing", ErasureNow, Token));
    }

    [Fact]
    public async Task Replay_ErasedEvent_IsRefusedAndChangesNothing()
    {
        var incoming = Erasable("replay-erased", routes: "orders");
        await AppendAsync(incoming);
        await Store.EraseAsync(incoming.Id, ErasureNow, Token);

        var result = await Store.ReplayAsync(incoming.Id, _ => [new PlannedDelivery("orders", null)], ErasureNow, Token);

        Assert.Equal(ReplayResult.Erased, result);
        Assert.Equal(DeliveryStatus.Dead, Assert.Single((await ShowAsync(incoming)).Deliveries).Status);
        Assert.Empty(await Store.LeaseAsync("orders", 10, ErasureNow, ErasureNow + TimeSpan.FromMinutes(1), 3, Token));
    }

    [Fact]
    public async Task EraseSubject_ErasesEveryEventAboutItAndNoOther()
    {
        var first = Erasable("sub-1", subject: "ord_1");
        var second = Erasable("sub-2", subject: "ord_1");
        var other = Erasable("sub-3", subject: "ord_10");
        var none = Erasable("sub-4");
        foreach (var incoming in new[] { first, second, other, none })
            await AppendAsync(incoming);

        var erased = await Store.EraseSubjectAsync("ord_1", ErasureNow, Token);
        var again = await Store.EraseSubjectAsync("ord_1", ErasureNow, Token);

        Assert.Equal((2, 0), (erased, again));
        AssertErased(await ShowAsync(first));
        AssertErased(await ShowAsync(second));
        AssertKept(other, await ShowAsync(other));
        AssertKept(none, await ShowAsync(none));
        Assert.Equal("ord_1", (await ShowAsync(first)).Summary.Subject);
    }

    [Fact]
    public async Task EraseEmail_WholeStringValueInAnyCase_ErasesOnlyThoseEvents()
    {
        var top = Erasable("mail-1", body: """{"email":"Ann@Example.COM","amount":1}""");
        var nested = Erasable("mail-2", body: """{"customer":{"name":"Ann","emails":["x@y.z","ann@example.com"]}}""");
        var longer = Erasable("mail-4", body: """{"email":"joann@example.com"}""");
        var inText = Erasable("mail-5", body: """{"note":"write to ann@example.com please"}""");
        var asName = Erasable("mail-6", body: """{"ann@example.com":true}""");
        foreach (var incoming in new[] { top, nested, longer, inText, asName })
            await AppendAsync(incoming);

        var erased = await Store.EraseEmailAsync("ann@example.com", ErasureNow, Token);

        Assert.Equal(2, erased);
        AssertErased(await ShowAsync(top));
        AssertErased(await ShowAsync(nested));
        foreach (var kept in new[] { longer, inText, asName })
            AssertKept(kept, await ShowAsync(kept));
    }

    [Fact]
    public async Task EraseEmail_MatchBehindMoreThanAPageOfNearMisses_IsFound()
    {
        var nearMisses = Enumerable.Range(0, 450).Select(i => Erasable($"near-{i}", body: """{"email":"joann@example.com"}""")).ToList();
        await Store.WriteBatchAsync(nearMisses, [], Token);
        var match = Erasable("the-one", body: """{"email":"ann@example.com"}""");
        await AppendAsync(match);

        var erased = await Store.EraseEmailAsync("ann@example.com", ErasureNow, Token);

        Assert.Equal(1, erased);
        AssertErased(await ShowAsync(match));
        AssertKept(nearMisses[0], await ShowAsync(nearMisses[0]));
    }
}
