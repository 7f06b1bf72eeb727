namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>payment_intent.payment_failed</c>: a payment failed.</summary>
[PocketsflowEvent("payment_intent.payment_failed")]
public sealed record PaymentIntentPaymentFailed : PaymentIntentEvent;
