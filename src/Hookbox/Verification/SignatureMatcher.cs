using System.Buffers;
using System.Security.Cryptography;

namespace Hookbox;

/// <summary>
/// Computes the HMAC of <c>prefix + body + suffix</c> under each of a source's keys and compares
/// it, in constant time, with each signature the request carries.
/// </summary>
internal static class SignatureMatcher
{
    private const int MaxHashBytes = 64;

    public static int HashSize(HmacAlgorithm algorithm) =>
        algorithm == HmacAlgorithm.Sha512 ? HMACSHA512.HashSizeInBytes : HMACSHA256.HashSizeInBytes;

    /// <summary>True when any key signs the content into any of <paramref name="signatures"/>.</summary>
    public static bool AnyMatches(
        HmacAlgorithm algorithm,
        IReadOnlyList<byte[]> keys,
        ReadOnlySpan<byte> prefix,
        ReadOnlySpan<byte> body,
        ReadOnlySpan<byte> suffix,
        IReadOnlyList<byte[]> signatures)
    {
        if (signatures.Count == 0)
            return false;

        byte[]? rented = null;
        var content = body;
        if (!prefix.IsEmpty || !suffix.IsEmpty)
        {
            var length = prefix.Length + body.Length + suffix.Length;
            rented = ArrayPool<byte>.Shared.Rent(length);
            prefix.CopyTo(rented);
            body.CopyTo(rented.AsSpan(prefix.Length));
            suffix.CopyTo(rented.AsSpan(prefix.Length + body.Length));
            content = rented.AsSpan(0, length);
        }

        try
        {
            Span<byte> expected = stackalloc byte[MaxHashBytes];
            expected = expected[..HashSize(algorithm)];
            var matched = false;

            // Indexed: a foreach over the interfaces allocated two enumerators per request.
            for (var i = 0; i < keys.Count; i++)
            {
                Hash(algorithm, keys[i], content, expected);
                for (var j = 0; j < signatures.Count; j++)
                {
                    // No early exit: the time taken must not depend on which key or signature matched.
                    matched |= CryptographicOperations.FixedTimeEquals(expected, signatures[j]);
                }
            }

            return matched;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The HMAC of <c>prefix + body + suffix</c> under <paramref name="key"/>: what a sender signs, for <c>hookbox send</c>.</summary>
    public static byte[] Compute(HmacAlgorithm algorithm, byte[] key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, ReadOnlySpan<byte> suffix)
    {
        byte[] content = [.. prefix, .. body, .. suffix];
        var signature = new byte[HashSize(algorithm)];
        Hash(algorithm, key, content, signature);
        return signature;
    }

    private static void Hash(HmacAlgorithm algorithm, byte[] key, ReadOnlySpan<byte> content, Span<byte> destination)
    {
        if (algorithm == HmacAlgorithm.Sha512)
            HMACSHA512.HashData(key, content, destination);
        else
            HMACSHA256.HashData(key, content, destination);
    }

    /// <summary>Decodes a hex signature (either case); null when it is not hex of the expected length.</summary>
    public static byte[]? FromHex(ReadOnlySpan<char> hex, HmacAlgorithm algorithm)
    {
        hex = hex.Trim();
        var size = HashSize(algorithm);
        if (hex.Length != size * 2)
            return null;

        var bytes = new byte[size];
        return Convert.FromHexString(hex, bytes, out _, out var written) == OperationStatus.Done && written == size
            ? bytes
            : null;
    }

    /// <summary>Decodes a base64 signature; null when it is not base64 of the expected length.</summary>
    public static byte[]? FromBase64(ReadOnlySpan<char> base64, HmacAlgorithm algorithm)
    {
        base64 = base64.Trim();
        var size = HashSize(algorithm);
        Span<byte> decoded = stackalloc byte[MaxHashBytes + 3];
        return Convert.TryFromBase64Chars(base64, decoded, out var written) && written == size
            ? decoded[..written].ToArray()
            : null;
    }
}
