namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>customer.created</c>: a customer was created.</summary>
[PocketsflowEvent("customer.created")]
public sealed record CustomerCreated : PocketsflowEvent;
