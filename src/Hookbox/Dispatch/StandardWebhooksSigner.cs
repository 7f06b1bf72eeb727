using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hookbox;

/// <summary>Signs what Hookbox sends on with the Standard Webhooks scheme, so any Standard Webhooks library can verify it.</summary>
internal static class StandardWebhooksSigner
{
    /// <summary>The <c>webhook-signature</c> value: <c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>.</summary>
    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var content = ArrayPool<byte>.Shared.Rent(prefix.Length + body.Length);
        try
        {
            prefix.CopyTo(content, 0);
            body.CopyTo(content.AsSpan(prefix.Length));
            return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content.AsSpan(0, prefix.Length + body.Length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(content);
        }
    }
}
