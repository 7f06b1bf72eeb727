namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>invoice.payment_failed</c>: an invoice payment failed.</summary>
[PocketsflowEvent("invoice.payment_failed")]
public sealed record InvoicePaymentFailed : InvoiceEvent;
