namespace Hookbox;

/// <summary>The HMAC hash functions a source's signatures can use.</summary>
internal enum HmacAlgorithm
{
    /// <summary>HMAC-SHA256: every named scheme, and the generic scheme's default.</summary>
    Sha256,

    /// <summary>HMAC-SHA512.</summary>
    Sha512,
}
