namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>invoice.payment_succeeded</c>: an invoice payment succeeded.</summary>
[PocketsflowEvent("invoice.payment_succeeded")]
public sealed record InvoicePaymentSucceeded : InvoiceEvent;
