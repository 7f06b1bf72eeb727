namespace Hookbox;

/// <summary>
/// One way senders sign webhooks. An instance holds one source's secrets, already turned into
/// key bytes, so verifying a request allocates nothing it can avoid.
/// </summary>
internal interface ISignatureScheme
{
    /// <summary>
    /// Checks the signature of a request against every secret of the source (rotation) and every
    /// signature the request carries. Works on the raw body bytes only: a body parsed and
    /// re-encoded before this point would no longer match.
    /// </summary>
    VerificationResult Verify(ReceivedHeaders headers, ReadOnlySpan<byte> body, DateTimeOffset now);
}
