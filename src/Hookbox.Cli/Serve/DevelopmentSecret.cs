using System.Security.Cryptography;

namespace Hookbox.Cli;

/// <summary>
/// The signing secret of the sample <c>pocketsflow</c> source that <c>hookbox serve</c> starts
/// with no configuration: generated once, kept in the data directory, readable by its owner only.
/// </summary>
internal static class DevelopmentSecret
{
    public const string FileName = "pocketsflow.secret";

    public static string PathIn(string dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory, FileName));

    /// <summary>The secret kept in <paramref name="dataDirectory"/>, or null when none was generated yet.</summary>
    public static string? TryRead(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    public static string LoadOrCreate(string dataDirectory)
    {
        if (TryRead(dataDirectory) is { Length: > 0 } existing)
            return existing;

        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        OwnerOnlyFile.CreateNew(dataDirectory, PathIn(dataDirectory), secret);
        return secret;
    }
}
