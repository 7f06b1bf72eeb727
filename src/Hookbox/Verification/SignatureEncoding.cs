namespace Hookbox;

/// <summary>How a generic HMAC signature is written in its header.</summary>
internal enum SignatureEncoding
{
    /// <summary>Hex, either case.</summary>
    Hex,

    /// <summary>Standard base64.</summary>
    Base64,
}
