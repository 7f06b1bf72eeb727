using System.Security.Cryptography;
using System.Text;

namespace Hookbox.Stores.Tests;

/// <summary>
/// What the inbox fixture of a release holds, written through the store API of that release:
/// events in every status (pending, delivered, retrying, dead, unrouted), with deliveries, one
/// erased, one whose payload was pruned, one a catch-up look recovered (with a subject), a GitHub
/// event deduped on its body, an ordered route's events; rejections; catch-up runs (completed and
/// failed, so a cursor) and a catch-up lease. Every id and time is fixed, so two runs write the
/// same rows. <see cref="SqliteUpgradeTests"/> opens the fixture with today's code.
/// </summary>
internal static class ReleaseInbox
{
    /// <summary>The release whose code wrote <c>Fixtures/hookbox-{Release}.db</c>.</summary>
    public const string Release = "0.1.0";

    /// <summary>The schema version of that file, as that release left it.</summary>
    public const int SchemaVersion = 6;

    public const int MaxAttempts = 8;

    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    // Dispatched: each ends as its name says.
    public static readonly IncomingEvent Delivered = Pocketsflow("hb_019ad8a1c2e07000800000000000d001", "wh_delivered_1", "order.completed", T0, ["orders", "audit"], subject: "ord_delivered");
    public static readonly IncomingEvent Retrying = Pocketsflow("hb_019ad8a1c2e07000800000000000d002", "wh_retrying_1", "invoice.payment_failed", T0, ["orders"]);
    public static readonly IncomingEvent Dead = Pocketsflow("hb_019ad8a1c2e07000800000000000d003", "wh_dead_1", "order.refunded", T0, ["orders", "audit"], subject: "ord_dead");
    public static readonly IncomingEvent Erased = Pocketsflow("hb_019ad8a1c2e07000800000000000d004", "wh_erased_1", "order.completed", T0, ["orders"], subject: "ord_erased");
    public static readonly IncomingEvent Pruned = Pocketsflow("hb_019ad8a1c2e07000800000000000d005", "wh_pruned_1", "order.completed", T0.AddDays(-40), ["orders"], subject: "ord_pruned");
    public static readonly IncomingEvent StripeDelivered = new(
        "hb_019ad8a1c2e07000800000000000d006", "stripe", new EventEnvelope("evt_1QfixtureDelivered", "invoice.paid", "in_1Qfixture"), T0, T0.AddSeconds(-1), "application/json; charset=utf-8",
        Encoding.UTF8.GetBytes("""{"Stripe-Signature":"sha256:5e1f","Content-Type":"application/json; charset=utf-8"}"""),
        Encoding.UTF8.GetBytes("""{"id":"evt_1QfixtureDelivered","type":"invoice.paid","data":{"object":{"id":"in_1Qfixture","amount_paid":2999}}}"""),
        [new PlannedDelivery("audit", null)]);

    // Never leased: left pending, unrouted, or waiting in order.
    public static readonly IncomingEvent Pending = Pocketsflow("hb_019ad8a1c2e07000800000000000e001", "wh_pending_1", "order.completed", T0, ["orders"], subject: "ord_pending");
    public static readonly IncomingEvent Unrouted = Pocketsflow("hb_019ad8a1c2e07000800000000000e002", "wh_unrouted_1", "customer.created", T0, []);
    public static readonly IncomingEvent CatchUp = Pocketsflow("hb_019ad8a1c2e07000800000000000e003", "order:ord_5Kq9Xv", "order.completed", T0, ["orders"], subject: "ord_5Kq9Xv") with { Origin = EventOrigin.CatchUp };
    public static readonly IncomingEvent SubscriptionCreated = Pocketsflow("hb_019ad8a1c2e07000800000000000e004", "wh_sub_created", "customer.subscription.created", T0, ["subscriptions"], orderKey: "sub_123");
    public static readonly IncomingEvent SubscriptionUpdated = Pocketsflow("hb_019ad8a1c2e07000800000000000e005", "wh_sub_updated", "customer.subscription.updated", T0.AddSeconds(1), ["subscriptions"], orderKey: "sub_123");
    public static readonly IncomingEvent GitHubPush = GitHub("hb_019ad8a1c2e07000800000000000e006", "0b5e8e90-1a2b-11ef-8000-fixture00001");

    public static readonly Rejection[] Rejections =
    [
        new("pocketsflow", T0.AddMinutes(-5), 401, ErrorCodes.InvalidSignature, "the signature does not match the body", Encoding.UTF8.GetBytes("""{"X-Pocketsflow-Signature":"sha256:9f86"}"""), 512),
        new("stripe", T0.AddMinutes(-4), 400, ErrorCodes.InvalidJson, "the body is not valid JSON", "{}"u8.ToArray(), 17),
        new("github", T0.AddMinutes(-3), 413, ErrorCodes.PayloadTooLarge, "the body is over 1048576 bytes", """{"X-GitHub-Event":"push"}"""u8.ToArray(), null),
    ];

    public static readonly CatchUpRun[] Runs =
    [
        new("pocketsflow", T0.AddHours(-2), T0.AddHours(-2).AddSeconds(3), T0.AddHours(-3), T0.AddHours(-2).AddMinutes(-1), 3, 2, 1, 0, null, "start-up"),
        new("pocketsflow", T0.AddHours(-1), T0.AddHours(-1).AddSeconds(1), T0.AddHours(-2), T0.AddHours(-1).AddMinutes(-1), 0, 0, 0, 0, "unauthorized: HTTP 401 from the sender's API; check CatchUp:ApiKey", "schedule"),
        new("stripe", T0.AddMinutes(-30), T0.AddMinutes(-29), T0.AddHours(-1), T0.AddMinutes(-31), 5, 5, 0, 1, null, "request"),
    ];

    /// <summary>The catch-up lease left held: one instance's look at Stripe, running at <see cref="T0"/>.</summary>
    public static readonly (string Source, string Holder, DateTimeOffset Until) CatchUpLease = ("stripe", "instance-a", T0.AddMinutes(11));

    public static readonly string[] Sources = ["github", "pocketsflow", "stripe"];

    /// <summary>Writes the fixture's content into <paramref name="store"/>, a new, migrated inbox.</summary>
    public static async Task WriteAsync(IInboxStore store, CancellationToken cancellationToken)
    {
        // First the events to dispatch, so that leases take only them.
        await store.WriteBatchAsync([Delivered, Retrying, Dead, Erased, Pruned, StripeDelivered], Rejections, cancellationToken);
        var first = T0.AddMinutes(1);
        var leased = (await store.LeaseAsync("orders", 10, first, first.AddMinutes(1), MaxAttempts, cancellationToken))
            .Concat(await store.LeaseAsync("audit", 10, first, first.AddMinutes(1), MaxAttempts, cancellationToken))
            .ToList();
        await store.CompleteAsync([.. leased.Select(l => l.Event.Summary.Id == Retrying.Id
            ? Outcome(l, DeliveryOutcomeKind.Retrying, T0.AddMinutes(10), "HTTP 503 Service Unavailable: {\"error\":\"busy\"}")
            : l.Event.Summary.Id == Dead.Id && l.Route == "orders"
                ? Outcome(l, DeliveryOutcomeKind.Retrying, T0.AddMinutes(2), "HTTP 500 Internal Server Error")
                : Outcome(l, DeliveryOutcomeKind.Succeeded, null, null))], cancellationToken);

        var second = T0.AddMinutes(3);
        var lastAttempt = Assert.Single(await store.LeaseAsync("orders", 10, second, second.AddMinutes(1), MaxAttempts, cancellationToken));
        await store.CompleteAsync([Outcome(lastAttempt, DeliveryOutcomeKind.Dead, null, "HTTP 500 Internal Server Error: {\"error\":\"no such order\"}")], cancellationToken);

        await store.EraseAsync(Erased.Id, T0.AddHours(1), cancellationToken);
        await store.PrunePayloadsAsync(T0.AddDays(-30), T0.AddHours(2), 100, cancellationToken);

        // Then the events nobody leased.
        await store.WriteBatchAsync([Pending, Unrouted, CatchUp, SubscriptionCreated, SubscriptionUpdated, GitHubPush], [], cancellationToken);
        foreach (var run in Runs)
            await store.RecordCatchUpRunAsync(run, cancellationToken);

        await store.TryAcquireCatchUpAsync(CatchUpLease.Source, CatchUpLease.Holder, T0, CatchUpLease.Until, cancellationToken);
    }

    private static DeliveryOutcome Outcome(LeasedDelivery leased, DeliveryOutcomeKind kind, DateTimeOffset? next, string? error) =>
        new(leased.EventSequence, leased.Route, leased.LeaseId, kind, next, error);

    private static IncomingEvent Pocketsflow(string id, string eventId, string type, DateTimeOffset receivedAt, string[] routes, string? subject = null, string? orderKey = null) => new(
        id,
        "pocketsflow",
        new EventEnvelope(eventId, type, subject),
        receivedAt,
        receivedAt.AddMilliseconds(-250),
        "application/json",
        Encoding.UTF8.GetBytes($$"""{"X-Pocketsflow-Event":"{{type}}","X-Pocketsflow-Signature":"sha256:c0ffee","User-Agent":"Pocketsflow-Webhooks/1.0"}"""),
        Encoding.UTF8.GetBytes($$$"""{"webhookId":"{{{eventId}}}","event":"{{{type}}}","order":{"id":"{{{subject}}}","amount":29.99},"customer":{"email":"ann@example.com"}}"""),
        [.. routes.Select(r => new PlannedDelivery(r, orderKey))]);

    private static IncomingEvent GitHub(string id, string deliveryId)
    {
        var body = """{"ref":"refs/heads/main","after":"5f2c0de","repository":{"full_name":"acme/shop"}}"""u8.ToArray();
        return new IncomingEvent(
            id, "github", new EventEnvelope(deliveryId, "push"), T0, null, "application/json",
            Encoding.UTF8.GetBytes($$"""{"X-GitHub-Event":"push","X-GitHub-Delivery":"{{deliveryId}}"}"""),
            body, [], BodySha256: Convert.ToHexStringLower(SHA256.HashData(body)));
    }
}
