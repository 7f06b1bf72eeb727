namespace Hookbox.Cli;

/// <summary>
/// The configuration the client commands read, as <c>hookbox serve</c> reads it: appsettings.json
/// in the working directory, environment variables, then arguments.
/// </summary>
internal static class CliConfiguration
{
    public static (IConfiguration Configuration, HookboxOptions Options) Load(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var options = new HookboxOptions();
        configuration.GetSection(HookboxOptions.SectionName).Bind(options);
        new PocketsflowSecretSetup(configuration).PostConfigure(null, options);
        return (configuration, options);
    }

    /// <summary>
    /// The first argument left over that looks like a mistyped option rather than configuration
    /// (<c>--Hookbox:Admin:Token=…</c> has a colon): a typo must not pass silently, it could widen a bulk replay.
    /// </summary>
    public static string? UnknownOption(IEnumerable<string> unmatched) =>
        unmatched.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && !a.Contains(':', StringComparison.Ordinal));

    /// <summary>Where a running Hookbox answers: <c>--url</c>, else its configured address, else ASP.NET Core's default.</summary>
    public static string BaseUrl(string? url, IConfiguration configuration) =>
        LocalUrl.For(url ?? configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? LocalUrl.Default);
}
