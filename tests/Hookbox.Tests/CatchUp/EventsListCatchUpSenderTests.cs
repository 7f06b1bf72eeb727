using System.Globalization;
using System.Text;
using System.Text.Json;
using static Hookbox.Tests.CatchUp.CatchUpTesting;

namespace Hookbox.Tests.CatchUp;

/// <summary>The generic events list, configured for Paddle Billing's <c>GET /events</c> (and, for the "since" form, Stripe's list).</summary>
public sealed class EventsListCatchUpSenderTests()
    : CatchUpSenderContract<FakePaddleApi>(SchemeNames.StandardWebhooks, "/events", "event 1 of the page has no id at /event_id")
{
    protected override void Configure(CatchUpOptions options) => PaddleBilling(options);

    protected override Task<FakePaddleApi> StartApiAsync(CancellationToken cancellationToken) =>
        FakePaddleApi.StartAsync(cancellationToken: cancellationToken);

    protected override IReadOnlyList<string> AddListed(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Api.AddEvent("transaction.completed", Now.AddMinutes(-1 - i)).Id)];

    /// <summary>A sender for Paddle with <paramref name="more"/> settings changed.</summary>
    private ICatchUpSender PaddleSender(Action<CatchUpOptions> more) =>
        CatchUpTesting.Sender(SchemeNames.StandardWebhooks, Api, Http, o =>
        {
            Configure(o);
            more(o);
        });

    [Fact]
    public async Task ListAsync_Paddle_ReadsNewestFirstUntilAnEventOlderThanTheWindow()
    {
        var older = Enumerable.Range(0, 120).Select(i => Api.AddEvent("transaction.completed", LastDay.Start.AddMinutes(-120 + i))).ToList();
        var inside = Enumerable.Range(0, 120).Select(i => Api.AddEvent("transaction.completed", Now.AddMinutes(-120 + i))).ToList();
        var later = Api.AddEvent("transaction.completed", LastDay.End.AddSeconds(1));

        var look = await ReadLastDayAsync();

        Assert.Empty(look.Malformed);
        Assert.Equal(inside.Select(e => e.Id).Reverse(), look.Items.Select(i => i.EventId));
        Assert.DoesNotContain(look.Items, i => i.EventId == later.Id || older.Any(o => o.Id == i.EventId));
        // 121 newer events: pages of 50, 50, then the third reaches the older ones and stops.
        Assert.Equal(3, Api.Requests.Count);
        Assert.Equal("/events?per_page=50", Api.Requests[0].PathAndQuery);
        Assert.Equal(look.Items[48].EventId, Api.Requests[1].Query["after"]);
        Assert.All(Api.Requests, r => Assert.Equal("Bearer " + Api.ApiKey, r.Headers["Authorization"]));

        var item = look.Items[0];
        Assert.Equal(inside[^1].Json, Encoding.UTF8.GetString(item.Payload.Span));
        Assert.Equal("transaction.completed", item.EventType);
        Assert.Equal(Now.AddMinutes(-1), item.OccurredAt);
        Assert.Null(item.Subject);
    }

    [Fact]
    public async Task ListAsync_PaddlesNextLinkAsTheCursor_FollowsIt()
    {
        var inside = Enumerable.Range(0, 120).Select(i => Api.AddEvent("customer.updated", Now.AddMinutes(-120 + i))).ToList();

        var look = await ReadAllAsync(PaddleSender(o =>
        {
            o.CursorParameter = null;
            o.CursorPointer = "/meta/pagination/next";
        }), LastDay, Token);

        Assert.Equal(inside.Select(e => e.Id).Reverse(), look.Items.Select(i => i.EventId));
        Assert.Equal(3, Api.Requests.Count);
        Assert.Equal(inside[^50].Id, Api.Requests[1].Query["after"]);
    }

    [Fact]
    public async Task ListAsync_WithoutAHasMoreFlag_ReadsWhileAPageIsNotEmpty()
    {
        for (var i = 0; i < 60; i++)
            Api.AddEvent("customer.updated", Now.AddMinutes(-60 + i));

        var look = await ReadAllAsync(PaddleSender(o => o.HasMorePointer = null), LastDay, Token);

        Assert.Equal(60, look.Items.Count);
        Assert.Equal(3, Api.Requests.Count); // 50, 10, then the empty page
    }

    [Fact]
    public async Task ListAsync_ASinceParameter_AsksFromTheWindowsStartAndReadsEveryPage()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.AddEvent("charge.succeeded", LastDay.Start.AddSeconds(-1));
        var inside = Enumerable.Range(0, 130).Select(i => api.AddEvent("charge.succeeded", Now.AddMinutes(-1 - i))).ToList();
        api.AddEvent("charge.succeeded", LastDay.End.AddSeconds(5));

        var look = await ReadAllAsync(CatchUpTesting.Sender(SchemeNames.Hmac, api, http, o =>
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
        var added = Api.AddEvent("transaction.completed", Now.AddMinutes(-1));

        var look = await ReadAllAsync(PaddleSender(o => o.PayloadPointer = "/data"), LastDay, Token);

        using var expected = JsonDocument.Parse(added.Json);
        Assert.Equal(expected.RootElement.GetProperty("data").GetRawText(), Encoding.UTF8.GetString(Assert.Single(look.Items).Payload.Span));
    }

    [Fact]
    public async Task ListAsync_ItemsPointerMissingFromTheAnswer_IsAnInvalidResponse()
    {
        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(PaddleSender(o => o.ItemsPointer = "/events"), LastDay, Token));

        Assert.Equal(CatchUpFailure.InvalidResponse, error.Failure);
        Assert.Contains("/events", error.Message, StringComparison.Ordinal);
    }
}
