namespace Hookbox;

/// <summary>The outcome of checking a request's signature.</summary>
internal enum VerificationStatus
{
    /// <summary>One of the source's secrets produced one of the request's signatures.</summary>
    Valid,

    /// <summary>The signature header, or a header the signature depends on, was not sent.</summary>
    MissingSignature,

    /// <summary>The signature header was sent but cannot be read (bad hex, bad base64, missing parts).</summary>
    MalformedSignature,

    /// <summary>No secret of the source produces the signature sent: wrong secret or altered body.</summary>
    Mismatch,

    /// <summary>The signed timestamp is further from now than the source's tolerance, either way.</summary>
    TimestampOutOfTolerance,
}
