using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Hookbox.Tests.CatchUp.CatchUpTesting;

namespace Hookbox.Tests.CatchUp;

public sealed class StripeCatchUpSenderTests()
    : CatchUpSenderContract<FakeStripeApi>(SchemeNames.Stripe, "/v1/events", "Stripe event 1 of the page has no id")
{
    protected override Task<FakeStripeApi> StartApiAsync(CancellationToken cancellationToken) =>
        FakeStripeApi.StartAsync(cancellationToken: cancellationToken);

    protected override IReadOnlyList<string> AddListed(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Api.AddEvent("invoice.paid", Now.AddMinutes(-1 - i)).Id)];

    [Fact]
    public async Task ListAsync_250EventsInTheWindow_ReadsThreePagesOfEveryEventWithItsRawJson()
    {
        var added = Enumerable.Range(0, 250).Select(i => Api.AddEvent("payment_intent.succeeded", Now.AddMinutes(-1 - i))).ToList();

        var look = await ReadLastDayAsync();

        Assert.Equal(3, look.Pages.Count);
        Assert.Empty(look.Malformed);
        Assert.Equal(added.Select(e => e.Id).Order(), look.Items.Select(i => i.EventId).Order());
        var first = look.Items.Single(i => i.EventId == added[0].Id);
        Assert.Equal(added[0].Json, Encoding.UTF8.GetString(first.Payload.Span));
        Assert.Equal("payment_intent.succeeded", first.EventType);
        Assert.Equal("pi_00000001", first.Subject);
        Assert.Equal(Now.AddMinutes(-1), first.OccurredAt);
        Assert.Null(first.Detail);

        var requests = Api.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("/v1/events", r.Path);
            Assert.Equal(LastDay.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), r.Query["created[gte]"]);
            Assert.Equal("100", r.Query["limit"]);
            Assert.Equal("Bearer " + Api.ApiKey, r.Headers["Authorization"]);
        });
        Assert.False(requests[0].Query.ContainsKey("starting_after"));
        Assert.Equal(added[99].Id, requests[1].Query["starting_after"]);
        Assert.Equal(added[199].Id, requests[2].Query["starting_after"]);
    }

    [Fact]
    public async Task ListAsync_EventsBeforeAndAfterTheWindow_AreNotListed()
    {
        Api.AddEvent("charge.succeeded", LastDay.Start.AddSeconds(-1));
        var atStart = Api.AddEvent("charge.succeeded", LastDay.Start);
        var inside = Api.AddEvent("charge.succeeded", Now.AddHours(-3));
        var atEnd = Api.AddEvent("charge.succeeded", LastDay.End);
        Api.AddEvent("charge.succeeded", LastDay.End.AddSeconds(1));

        var look = await ReadLastDayAsync();

        Assert.Equal(new[] { atEnd.Id, inside.Id, atStart.Id }, look.Items.Select(i => i.EventId));
    }

    [Fact]
    public async Task ListAsync_AnEventsDataObject_IsItsSubject()
    {
        Api.AddEvent("invoice.paid", Now.AddMinutes(-1), new JsonObject { ["id"] = "in_1" });

        var look = await ReadLastDayAsync();

        Assert.Equal("in_1", Assert.Single(look.Items).Subject);
    }

    [Fact]
    public async Task ListAsync_ALaterPageFails_ThrowsAfterTheEarlierPagesWereGiven()
    {
        for (var i = 0; i < 150; i++)
            Api.AddEvent("invoice.paid", Now.AddMinutes(-1 - i));

        await using var pages = Sender().ListAsync(LastDay, Token).GetAsyncEnumerator(Token);
        Assert.True(await pages.MoveNextAsync());
        Assert.Equal(100, pages.Current.Items.Count);
        Api.FailNext(503);

        var error = await Assert.ThrowsAsync<CatchUpException>(async () => await pages.MoveNextAsync());
        Assert.Equal(CatchUpFailure.ServerError, error.Failure);
    }

    [Fact]
    public void Match_IsByEventId() => Assert.Equal(CatchUpMatch.EventId, Sender().Match);
}
