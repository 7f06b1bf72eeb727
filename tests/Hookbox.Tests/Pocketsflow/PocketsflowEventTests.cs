using System.Text;

using Hookbox.Pocketsflow;

namespace Hookbox.Tests.Pocketsflow;

/// <summary>Typed Pocketsflow bodies read from the example repository's fixtures and the documented shapes.</summary>
public sealed class PocketsflowEventTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", $"{name}.json"));

    private static T Read<T>(string json) => HandlerBodies.ReaderFor<T>()(Encoding.UTF8.GetBytes(json))!;

    [Fact]
    public void SubscriptionCreated_FixtureReadsWithItsNestedParts()
    {
        var created = Read<SubscriptionCreated>(Fixture("customer.subscription.created"));

        Assert.Equal("6a43ca9f7e229e3568f9c9bb", created.WebhookId);
        Assert.Equal("6949918ee8d99b0e628103e0", created.Subscription?.Id);
        Assert.Equal(("active", true), (created.SubscriptionCustomer?.Status, created.SubscriptionCustomer?.Active));
        Assert.Equal("buyer@example.com", created.Customer?.Email);
        Assert.Equal("4242", created.PaymentMethod?.Last4);
        Assert.Equal("pro", created.Metadata?["plan"].GetString());
    }

    [Fact]
    public void SubscriptionDeleted_NullPaymentMethodIsNull() =>
        Assert.Null(Read<SubscriptionDeleted>(Fixture("customer.subscription.deleted")).PaymentMethod);

    [Fact]
    public void InvoicePaymentSucceeded_AmountIsIntegerCents()
    {
        var invoice = Read<InvoicePaymentSucceeded>(Fixture("invoice.payment_succeeded"));

        Assert.Equal((1500m, "usd"), (invoice.Amount, invoice.Currency));
    }

    [Fact]
    public void OrderCompleted_DecimalAmountsAndPascalCaseTaxAndUnknownFields()
    {
        var order = Read<OrderCompleted>(
            """
            {"webhookId":"webhook_123abc","event":"order.completed","somethingNew":{"x":[1,2]},
             "order":{"id":"ord_1","amount":29.99,"currency":"usd"},"product":{"id":"prod_1","name":"Course","price":"29.99"},
             "tax":{"ToCountry":"US","ToState":"CA","Rate":0.0825,"Amount":2.47}}
            """);

        Assert.Equal(29.99m, order.Order?.Amount);
        Assert.Equal(29.99m, order.Product?.Price);
        Assert.Equal(("US", "CA", 2.47m), (order.Tax?.ToCountry, order.Tax?.ToState, order.Tax?.Amount));
    }

    [Fact]
    public void EveryDocumentedType_HasAnEventRecord()
    {
        string[] documented =
        [
            "order.completed", "order.refunded", "customer.subscription.created", "customer.subscription.updated",
            "customer.subscription.deleted", "customer.subscription.pause", "customer.subscription.paused",
            "customer.subscription.resumed", "customer.subscription.trial_will_end", "invoice.created", "invoice.upcoming",
            "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed", "payment_intent.succeeded",
            "payment_intent.payment_failed", "customer.created",
        ];

        var covered = typeof(PocketsflowEvent).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes(typeof(PocketsflowEventAttribute), false).Cast<PocketsflowEventAttribute>())
            .SelectMany(a => a.Types);

        Assert.Equal(documented.Order(), covered.Order());
    }
}
