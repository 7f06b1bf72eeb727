namespace Hookbox.Cli;

/// <summary>What <c>hookbox verify</c> checks: a saved delivery's raw body and the values of its signature headers.</summary>
/// <param name="Body">The body, byte for byte as received.</param>
/// <param name="Signature">The signature header's value.</param>
/// <param name="Timestamp">The timestamp header's value, for schemes that send one (Stripe's is inside its signature header).</param>
/// <param name="Id">Standard Webhooks' <c>webhook-id</c>, which it signs.</param>
internal sealed record VerifyInput(byte[] Body, string Signature, string? Timestamp, string? Id);
