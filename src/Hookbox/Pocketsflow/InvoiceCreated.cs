namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>invoice.created</c>: an invoice was created.</summary>
[PocketsflowEvent("invoice.created")]
public sealed record InvoiceCreated : InvoiceEvent;
