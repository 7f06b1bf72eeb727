using System.Security.Cryptography;
using System.Text;

namespace Bench.Naive;

/// <summary>
/// <c>X-Pocketsflow-Signature</c>: lowercase hex HMAC-SHA256 of the raw body, keyed with the
/// UTF-8 bytes of the whole secret string.
/// </summary>
internal static class PocketsflowSignature
{
    public static bool IsValid(ReadOnlySpan<byte> body, string? header, byte[] key)
    {
        if (string.IsNullOrEmpty(header))
            return false;

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, body, mac);
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(mac));
        var received = Encoding.ASCII.GetBytes(header);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}
