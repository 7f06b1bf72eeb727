namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>payment_intent.succeeded</c>: a payment succeeded.</summary>
[PocketsflowEvent("payment_intent.succeeded")]
public sealed record PaymentIntentSucceeded : PaymentIntentEvent;
