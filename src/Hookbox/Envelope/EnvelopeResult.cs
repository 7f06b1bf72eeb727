namespace Hookbox;

/// <summary>The envelope of a request, or why it could not be read (a value: the body is untrusted input).</summary>
internal readonly record struct EnvelopeResult(EventEnvelope? Envelope, string? Error, string? Message)
{
    public static EnvelopeResult Ok(EventEnvelope envelope) => new(envelope, null, null);

    public static EnvelopeResult Fail(string error, string message) => new(null, error, message);
}
