using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hookbox.Testing;

/// <summary>
/// Signs requests as each sender does, written from the senders' documentation independently
/// of Hookbox's verifiers, so a test can catch a verifier that is wrong in the same way twice.
/// </summary>
public static class Signatures
{
    public static string Pocketsflow(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string PocketsflowSignedTimestamp(string secret, string timestamp, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray()));

    public static string StandardWebhooks(string secret, string id, long timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    public static string Stripe(string secret, long timestamp, byte[] body)
    {
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var content = Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray();
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content))}";
    }

    public static string GitHub(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>A new Standard Webhooks secret: whsec_ and a base64 key.</summary>
    public static string NewStandardWebhooksSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
}
