namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>invoice.paid</c>: an invoice was paid.</summary>
[PocketsflowEvent("invoice.paid")]
public sealed record InvoicePaid : InvoiceEvent;
