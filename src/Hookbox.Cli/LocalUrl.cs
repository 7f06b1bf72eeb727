namespace Hookbox.Cli;

/// <summary>Turns a listening address such as <c>http://[::]:5000</c> into one a local client can call.</summary>
internal static class LocalUrl
{
    /// <summary>ASP.NET Core's address when none is configured.</summary>
    public const string Default = "http://localhost:5000";

    public static string For(string listeningAddress)
    {
        var url = listeningAddress.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? Default;
        foreach (var wildcard in new[] { "://[::]", "://0.0.0.0", "://+", "://*" })
        {
            if (url.Contains(wildcard, StringComparison.Ordinal))
                return url.Replace(wildcard, "://localhost", StringComparison.Ordinal).TrimEnd('/');
        }

        return url.TrimEnd('/');
    }
}
