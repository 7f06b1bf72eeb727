namespace Hookbox.Pocketsflow;

/// <summary>The body of Pocketsflow's payment intent events.</summary>
public abstract record PaymentIntentEvent : PocketsflowEvent
{
    /// <summary>The payment attempt.</summary>
    public PocketsflowPaymentIntent? PaymentIntent { get; init; }
}
