using System.Buffers.Text;
using System.Security.Cryptography;

namespace Hookbox;

/// <summary>
/// The admin token generated when <c>Hookbox:Admin:Token</c> is unset: 32 random bytes, base64url,
/// kept in <c>&lt;DataDirectory&gt;/admin.token</c>, readable by its owner only, and reused on
/// every later start. The CLI reads the same file, so it finds the token with no flags.
/// </summary>
internal static class AdminTokenFile
{
    public const string FileName = "admin.token";

    public static string PathIn(string dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory, FileName));

    /// <summary>The token kept in <paramref name="dataDirectory"/>, or null when none was generated yet.</summary>
    public static string? TryRead(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null;
    }

    /// <summary>The kept token, generated first when there is none; <paramref name="created"/> says which.</summary>
    public static string LoadOrCreate(string dataDirectory, out bool created)
    {
        created = false;
        if (TryRead(dataDirectory) is { } existing)
            return existing;

        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var path = PathIn(dataDirectory);
        try
        {
            OwnerOnlyFile.CreateNew(dataDirectory, path, token);
        }
        catch (IOException) when (TryRead(dataDirectory) is { } raced)
        {
            // Another process sharing the directory wrote it first: both use that one.
            return raced;
        }

        created = true;
        return token;
    }
}
