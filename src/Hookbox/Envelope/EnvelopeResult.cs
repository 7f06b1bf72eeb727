using System.Diagnostics.CodeAnalysis;

namespace Hookbox;

/// <summary>The envelope of a request, or why it could not be read (a value: the body is untrusted input).</summary>
internal readonly record struct EnvelopeResult(EventEnvelope? Envelope, string? Error, string? Message)
{
    /// <summary>True when the envelope was read; otherwise <see cref="Error"/> and <see cref="Message"/> say why.</summary>
    [MemberNotNullWhen(true, nameof(Envelope))]
    [MemberNotNullWhen(false, nameof(Error), nameof(Message))]
    public bool IsRead => Envelope is not null;

    public static EnvelopeResult Ok(EventEnvelope envelope) => new(envelope, null, null);

    public static EnvelopeResult Fail(string error, string message) => new(null, error, message);
}
