using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Hookbox.Tests.CatchUp.CatchUpTesting;

namespace Hookbox.Tests.CatchUp;

public sealed class StripeCatchUpSenderTests
{
    [Fact]
    public async Task ListAsync_250EventsInTheWindow_ReadsThreePagesOfEveryEventWithItsRawJson()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        var added = Enumerable.Range(0, 250).Select(i => api.AddEvent("payment_intent.succeeded", Now.AddMinutes(-1 - i))).ToList();

        var look = await ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, Token);

        Assert.Equal(3, look.Pages.Count);
        Assert.Empty(look.Malformed);
        Assert.Equal(added.Select(e => e.Id).Order(), look.Items.Select(i => i.EventId).Order());
        var first = look.Items.Single(i => i.EventId == added[0].Id);
        Assert.Equal(added[0].Json, Encoding.UTF8.GetString(first.Payload.Span));
        Assert.Equal("payment_intent.succeeded", first.EventType);
        Assert.Equal("pi_00000001", first.Subject);
        Assert.Equal(Now.AddMinutes(-1), first.OccurredAt);
        Assert.Null(first.Detail);

        var requests = api.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("/v1/events", r.Path);
            Assert.Equal(LastDay.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), r.Query["created[gte]"]);
            Assert.Equal("100", r.Query["limit"]);
            Assert.Equal("Bearer " + api.ApiKey, r.Headers["Authorization"]);
        });
        Assert.False(requests[0].Query.ContainsKey("starting_after"));
        Assert.Equal(added[99].Id, requests[1].Query["starting_after"]);
        Assert.Equal(added[199].Id, requests[2].Query["starting_after"]);
    }

    [Fact]
    public async Task ListAsync_EventsBeforeAndAfterTheWindow_AreNotListed()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddEvent("charge.succeeded", LastDay.Start.AddSeconds(-1));
        var atStart = api.AddEvent("charge.succeeded", LastDay.Start);
        var inside = api.AddEvent("charge.succeeded", Now.AddHours(-3));
        var atEnd = api.AddEvent("charge.succeeded", LastDay.End);
        api.AddEvent("charge.succeeded", LastDay.End.AddSeconds(1));

        var look = await ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, Token);

        Assert.Equal(new[] { atEnd.Id, inside.Id, atStart.Id }, look.Items.Select(i => i.EventId));
    }

    [Fact]
    public async Task ListAsync_AnEventWithoutId_IsOneMalformedReasonAndTheOthersAreListed()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 5; i++)
            api.AddEvent("invoice.paid", Now.AddMinutes(-1 - i));
        api.DropItemIdNext();

        var look = await ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, Token);

        Assert.Equal(4, look.Items.Count);
        var reason = Assert.Single(look.Malformed);
        Assert.Contains("no id", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_AnEventsDataObject_IsItsSubject()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddEvent("invoice.paid", Now.AddMinutes(-1), new JsonObject { ["id"] = "in_1" });

        var sender = Sender(SchemeNames.Stripe, api, http);
        var look = await ReadAllAsync(sender, LastDay, Token);

        Assert.Equal("in_1", Assert.Single(look.Items).Subject);
    }

    [Theory]
    [InlineData(401, CatchUpFailure.Unauthorized)]
    [InlineData(500, CatchUpFailure.ServerError)]
    public async Task ListAsync_AFailedAnswer_ThrowsItsFailure(int status, CatchUpFailure failure)
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddEvent("invoice.paid", Now.AddMinutes(-1));
        api.FailNext(status);

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, Token));

        Assert.Equal(failure, error.Failure);
        Assert.Contains($"({status})", error.Message, StringComparison.Ordinal);
        Assert.Contains("/v1/events", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(api.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_AWrongKey_IsUnauthorizedWithoutTheKeyInTheMessage()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(SchemeNames.Stripe, api, http, apiKey: "rk_test_wrong"), LastDay, Token));

        Assert.Equal(CatchUpFailure.Unauthorized, error.Failure);
        Assert.Contains("refused the key (401)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("rk_test_wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_AnAnswerThatHangs_IsATimeout()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        api.HangNext();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task ListAsync_APageThatIsNotJson_IsAnInvalidResponse()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddEvent("invoice.paid", Now.AddMinutes(-1));
        api.SendMalformedJsonNext();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.InvalidResponse, error.Failure);
        Assert.Contains("not JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_ALaterPageFails_ThrowsAfterTheEarlierPagesWereGiven()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 150; i++)
            api.AddEvent("invoice.paid", Now.AddMinutes(-1 - i));

        await using var pages = Sender(SchemeNames.Stripe, api, http).ListAsync(LastDay, Token).GetAsyncEnumerator(Token);
        Assert.True(await pages.MoveNextAsync());
        Assert.Equal(100, pages.Current.Items.Count);
        api.FailNext(503);

        var error = await Assert.ThrowsAsync<CatchUpException>(async () => await pages.MoveNextAsync());
        Assert.Equal(CatchUpFailure.ServerError, error.Failure);
    }

    [Fact]
    public async Task Match_IsByEventId()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();

        Assert.Equal(CatchUpMatch.EventId, Sender(SchemeNames.Stripe, api, http).Match);
    }
}
