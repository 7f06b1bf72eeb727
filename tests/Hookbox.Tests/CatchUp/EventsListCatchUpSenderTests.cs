using System.Globalization;
using System.Text;
using System.Text.Json;
using static Hookbox.Tests.CatchUp.CatchUpTesting;

namespace Hookbox.Tests.CatchUp;

/// <summary>The generic events list, configured for Paddle Billing's <c>GET /events</c> (and, for the "since" form, Stripe's list).</summary>
public sealed class EventsListCatchUpSenderTests
{
    /// <summary>Paddle Billing, as the README documents it: no time filter, newest first, <c>after</c> the last event id.</summary>
    private static void Paddle(CatchUpOptions o)
    {
        o.ListPath = "/events";
        o.CursorParameter = "after";
        o.PageSizeParameter = "per_page";
        o.PageSize = 50;
        o.HasMorePointer = "/meta/pagination/has_more";
        o.ItemsPointer = "/data";
        o.IdPointer = "/event_id";
        o.TypePointer = "/event_type";
        o.TimePointer = "/occurred_at";
    }

    private static ICatchUpSender PaddleSender(FakePaddleApi api, HttpClient http, Action<CatchUpOptions>? more = null, string? apiKey = null) =>
        Sender(SchemeNames.StandardWebhooks, api, http, o =>
        {
            Paddle(o);
            more?.Invoke(o);
        }, apiKey);

    [Fact]
    public async Task ListAsync_Paddle_ReadsNewestFirstUntilAnEventOlderThanTheWindow()
    {
        await using var api = await FakePaddleApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        var older = Enumerable.Range(0, 120).Select(i => api.AddEvent("transaction.completed", LastDay.Start.AddMinutes(-120 + i))).ToList();
        var inside = Enumerable.Range(0, 120).Select(i => api.AddEvent("transaction.completed", Now.AddMinutes(-120 + i))).ToList();
        var later = api.AddEvent("transaction.completed", LastDay.End.AddSeconds(1));

        var look = await ReadAllAsync(PaddleSender(api, http), LastDay, Token);

        Assert.Empty(look.Malformed);
        Assert.Equal(inside.Select(e => e.Id).Reverse(), look.Items.Select(i => i.EventId));
        Assert.DoesNotContain(look.Items, i => i.EventId == later.Id || older.Any(o => o.Id == i.EventId));
        // 121 newer events: pages of 50, 50, then the third reaches the older ones and stops.
        Assert.Equal(3, api.Requests.Count);
        Assert.Equal("/events?per_page=50", api.Requests[0].PathAndQuery);
        Assert.Equal(look.Items[48].EventId, api.Requests[1].Query["after"]);
        Assert.All(api.Requests, r => Assert.Equal("Bearer " + api.ApiKey, r.Headers["Authorization"]));

        var item = look.Items[0];
        Assert.Equal(inside[^1].Json, Encoding.UTF8.GetString(item.Payload.Span));
        Assert.Equal("transaction.completed", item.EventType);
        Assert.Equal(Now.AddMinutes(-1), item.OccurredAt);
        Assert.Null(item.Subject);
    }

    [Fact]
    public async Task ListAsync_PaddlesNextLinkAsTheCursor_FollowsIt()
    {
        await using var api = await FakePaddleApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        var inside = Enumerable.Range(0, 120).Select(i => api.AddEvent("customer.updated", Now.AddMinutes(-120 + i))).ToList();

        var look = await ReadAllAsync(PaddleSender(api, http, o =>
        {
            o.CursorParameter = null;
            o.CursorPointer = "/meta/pagination/next";
        }), LastDay, Token);

        Assert.Equal(inside.Select(e => e.Id).Reverse(), look.Items.Select(i => i.EventId));
        Assert.Equal(3, api.Requests.Count);
        Assert.Equal(inside[^50].Id, api.Requests[1].Query["after"]);
    }

    [Fact]
    public async Task ListAsync_WithoutAHasMoreFlag_ReadsWhileAPageIsNotEmpty()
    {
        await using var api = await FakePaddleApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 60; i++)
            api.AddEvent("customer.updated", Now.AddMinutes(-60 + i));

        var look = await ReadAllAsync(PaddleSender(api, http, o => o.HasMorePointer = null), LastDay, Token);

        Assert.Equal(60, look.Items.Count);
        Assert.Equal(3, api.Requests.Count); // 50, 10, then the empty page
    }

    [Fact]
    public async Task ListAsync_ASinceParameter_AsksFromTheWindowsStartAndReadsEveryPage()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddEvent("charge.succeeded", LastDay.Start.AddSeconds(-1));
        var inside = Enumerable.Range(0, 130).Select(i => api.AddEvent("charge.succeeded", Now.AddMinutes(-1 - i))).ToList();
        api.AddEvent("charge.succeeded", LastDay.End.AddSeconds(5));

        var look = await ReadAllAsync(Sender(SchemeNames.Hmac, api, http, o =>
        {
            o.ListPath = "/v1/events";
            o.SinceParameter = "created[gte]";
            o.CursorParameter = "starting_after";
            o.HasMorePointer = "/has_more";
            o.PageSizeParameter = "limit";
            o.ItemsPointer = "/data";
            o.TypePointer = "/type";
            o.TimePointer = "/created";
        }), LastDay, Token);

        Assert.Equal(inside.Select(e => e.Id), look.Items.Select(i => i.EventId));
        Assert.Equal(2, api.Requests.Count);
        Assert.All(api.Requests, r => Assert.Equal(LastDay.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), r.Query["created[gte]"]));
    }

    [Fact]
    public async Task ListAsync_APayloadPointer_TakesThatPartOfEachEvent()
    {
        await using var api = await FakePaddleApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        var added = api.AddEvent("transaction.completed", Now.AddMinutes(-1));

        var look = await ReadAllAsync(PaddleSender(api, http, o => o.PayloadPointer = "/data"), LastDay, Token);

        using var expected = JsonDocument.Parse(added.Json);
        Assert.Equal(expected.RootElement.GetProperty("data").GetRawText(), Encoding.UTF8.GetString(Assert.Single(look.Items).Payload.Span));
    }

    [Fact]
    public async Task ListAsync_AnEventWithoutId_IsOneMalformedReasonAndTheOthersAreListed()
    {
        await using var api = await FakePaddleApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 3; i++)
            api.AddEvent("transaction.completed", Now.AddMinutes(-3 + i));
        api.DropItemIdNext();

        var look = await ReadAllAsync(PaddleSender(api, http), LastDay, Token);

        Assert.Equal(2, look.Items.Count);
        Assert.Equal("event 1 of the page has no id at /event_id", Assert.Single(look.Malformed));
    }

    [Theory]
    [InlineData(401, CatchUpFailure.Unauthorized)]
    [InlineData(500, CatchUpFailure.ServerError)]
    public async Task ListAsync_AFailedAnswer_ThrowsItsFailure(int status, CatchUpFailure failure)
    {
        await using var api = await FakePaddleApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.FailNext(status);

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(PaddleSender(api, http), LastDay, Token));

        Assert.Equal(failure, error.Failure);
        Assert.Contains("GET /events", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_AWrongKey_IsUnauthorized()
    {
        await using var api = await FakePaddleApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(PaddleSender(api, http, apiKey: "pdl_wrong"), LastDay, Token));

        Assert.Equal(CatchUpFailure.Unauthorized, error.Failure);
    }

    [Fact]
    public async Task ListAsync_AHang_IsATimeout()
    {
        await using var api = await FakePaddleApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        api.HangNext();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(PaddleSender(api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task ListAsync_APageThatIsNotJson_IsAnInvalidResponse()
    {
        await using var api = await FakePaddleApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddEvent("transaction.completed", Now.AddMinutes(-1));
        api.SendMalformedJsonNext();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(PaddleSender(api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.InvalidResponse, error.Failure);
    }

    [Fact]
    public async Task ListAsync_ItemsPointerMissingFromTheAnswer_IsAnInvalidResponse()
    {
        await using var api = await FakePaddleApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(PaddleSender(api, http, o => o.ItemsPointer = "/events"), LastDay, Token));

        Assert.Equal(CatchUpFailure.InvalidResponse, error.Failure);
        Assert.Contains("/events", error.Message, StringComparison.Ordinal);
    }
}
