using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// The admin token in effect: <c>Hookbox:Admin:Token</c> when set, else the generated one in the
/// data directory. Resolved once, at start (<see cref="AdminStartup"/>), and kept only as its
/// SHA-256 digest for comparisons.
/// </summary>
internal sealed class AdminCredential
{
    private readonly Lazy<(byte[] Digest, string Token, string? FilePath, bool Created)> _resolved;

    public AdminCredential(IOptions<HookboxOptions> options)
    {
        _resolved = new Lazy<(byte[], string, string?, bool)>(() =>
        {
            var value = options.Value;
            if (value.Admin.Token is { } configured)
                return (Digest(configured.Trim()), configured.Trim(), null, false);

            var path = AdminTokenFile.PathIn(value.DataDirectory);
            try
            {
                var token = AdminTokenFile.LoadOrCreate(value.DataDirectory, out var created);
                return (Digest(token), token, path, created);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException(
                    $"the admin token could not be kept in {path} ({ex.Message}); make {HookboxOptions.SectionName}:DataDirectory writable, or set {HookboxOptions.SectionName}:Admin:Token", ex);
            }
        });
    }

    /// <summary>Where the generated token is kept; null when the token is configured.</summary>
    public string? FilePath => _resolved.Value.FilePath;

    /// <summary>Whether this start generated the token.</summary>
    public bool Created => _resolved.Value.Created;

    /// <summary>The token itself, for the test harnesses; never logged or answered.</summary>
    internal string Token => _resolved.Value.Token;

    /// <summary>
    /// Whether <paramref name="presented"/> is the token. Both sides are hashed first, so the
    /// fixed-time comparison is of equal lengths and the time taken says nothing about the token's length.
    /// </summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = new byte[Encoding.UTF8.GetByteCount(presented)];
        Encoding.UTF8.GetBytes(presented, bytes);
        SHA256.HashData(bytes, digest);
        return CryptographicOperations.FixedTimeEquals(digest, _resolved.Value.Digest);
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
