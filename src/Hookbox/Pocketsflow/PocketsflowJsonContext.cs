using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hookbox.Pocketsflow;

/// <summary>
/// Reads Pocketsflow bodies without reflection: property names in any case (its <c>tax</c> keys
/// are PascalCase), numbers from strings too, unknown fields ignored.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(OrderCompleted))]
[JsonSerializable(typeof(OrderRefunded))]
[JsonSerializable(typeof(SubscriptionCreated))]
[JsonSerializable(typeof(SubscriptionUpdated))]
[JsonSerializable(typeof(SubscriptionDeleted))]
[JsonSerializable(typeof(SubscriptionPaused))]
[JsonSerializable(typeof(SubscriptionResumed))]
[JsonSerializable(typeof(SubscriptionTrialWillEnd))]
[JsonSerializable(typeof(InvoiceCreated))]
[JsonSerializable(typeof(InvoiceUpcoming))]
[JsonSerializable(typeof(InvoicePaid))]
[JsonSerializable(typeof(InvoicePaymentSucceeded))]
[JsonSerializable(typeof(InvoicePaymentFailed))]
[JsonSerializable(typeof(PaymentIntentSucceeded))]
[JsonSerializable(typeof(PaymentIntentPaymentFailed))]
[JsonSerializable(typeof(CustomerCreated))]
internal sealed partial class PocketsflowJsonContext : JsonSerializerContext;
