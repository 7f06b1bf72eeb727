namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>invoice.upcoming</c>: an invoice is coming.</summary>
[PocketsflowEvent("invoice.upcoming")]
public sealed record InvoiceUpcoming : InvoiceEvent;
