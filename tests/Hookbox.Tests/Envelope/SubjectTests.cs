using System.Text;
using static Hookbox.Tests.TestSources;

namespace Hookbox.Tests.Envelope;

/// <summary>Each event's subject, the business key it is about, is read where its scheme puts one; a missing or unusable one is no refusal.</summary>
public sealed class SubjectTests
{
    private static string? Subject(WebhookSource source, string body, params (string, string)[] headers) =>
        source.Envelope.Read(Headers(headers), Encoding.UTF8.GetBytes(body)).Envelope?.Subject;

    [Theory]
    [InlineData("""{"webhookId":"w1","event":"order.completed","order":{"id":"ord_5Kq9Xv"}}""", "ord_5Kq9Xv")]
    [InlineData("""{"webhookId":"w2","event":"customer.subscription.updated","subscriptionCustomerId":"6a43ce05","subscriptionCustomer":{"id":"other"}}""", "6a43ce05")]
    [InlineData("""{"webhookId":"w3","event":"customer.subscription.updated","subscriptionCustomer":{"id":"6a43ce05"}}""", "6a43ce05")]
    [InlineData("""{"webhookId":"w4","event":"payment_intent.succeeded","paymentIntent":{"id":"pi_3Rk8Vd"}}""", "pi_3Rk8Vd")]
    [InlineData("""{"webhookId":"w5","event":"customer.created","customer":{"email":"a@example.com"}}""", null)]
    public void Pocketsflow_OrderSubscriptionOrPaymentIntent(string body, string? subject)
    {
        Assert.Equal(subject, Subject(Create("pocketsflow", "s"), body));
    }

    [Fact]
    public void Stripe_DataObjectId()
    {
        Assert.Equal("in_1Mt", Subject(Create("stripe", "s"), """{"id":"evt_1","type":"invoice.paid","data":{"object":{"id":"in_1Mt"}}}"""));
    }

    [Fact]
    public void SubjectPointer_OverridesTheScheme()
    {
        var source = Create("hmac", o =>
        {
            o.SignatureHeader = "X-Sig";
            o.SubjectPointer = "/data/customer_id";
        }, "s");

        Assert.Equal("ctm_01", Subject(source, """{"id":"e1","type":"customer.updated","data":{"customer_id":"ctm_01"}}"""));
    }

    [Fact]
    public void UnusableSubject_IsLeftOut_NotRefused()
    {
        var source = Create("stripe", "s");
        var tooLong = new string('x', 300);

        var result = source.Envelope.Read(Headers(), Encoding.UTF8.GetBytes("{\"id\":\"evt_1\",\"type\":\"t\",\"data\":{\"object\":{\"id\":\"" + tooLong + "\"}}}"));

        Assert.True(result.IsRead);
        Assert.Null(result.Envelope!.Subject);
    }

    [Fact]
    public void PocketsflowOrderCompleted_KnowsTheIdCatchUpGivesItsOrder()
    {
        var source = Create("pocketsflow", "s");
        var envelope = source.Envelope.Read(Headers(("X-Pocketsflow-Event", "order.completed")), """{"webhookId":"w1","order":{"id":"ord_1"}}"""u8.ToArray()).Envelope!;
        var refund = envelope with { EventType = "order.refunded" };

        Assert.Equal("order:ord_1", source.CatchUpIdOf(envelope));
        Assert.Null(source.CatchUpIdOf(refund));
        Assert.Null(Create("stripe", "s").CatchUpIdOf(envelope));
    }
}
