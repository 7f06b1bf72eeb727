namespace Hookbox;

/// <summary>The parsed, validated settings of a generic HMAC source.</summary>
internal sealed record HmacSignatureSettings(
    string SignatureHeader,
    HmacAlgorithm Algorithm,
    SignatureEncoding Encoding,
    string Prefix,
    SignedContentTemplate Template,
    string? TimestampHeader);
