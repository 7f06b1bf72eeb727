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
    /// The first argument left over that is not configuration (<c>--Hookbox:Admin:Token=…</c>, or
    /// the key and its value as two words): a typo such as <c>dead replay stripe</c> or
    /// <c>-s stripe</c> must not pass silently, it would widen a bulk replay to every source.
    /// </summary>
    public static string? UnknownOption(IEnumerable<string> unmatched)
    {
        using var arguments = unmatched.GetEnumerator();
        while (arguments.MoveNext())
        {
            var argument = arguments.Current;
            if (!argument.StartsWith("--", StringComparison.Ordinal) || !argument.Contains(':', StringComparison.Ordinal))
                return argument;

            // "--Key:Path value": the next word is the value.
            if (!argument.Contains('=', StringComparison.Ordinal) && !arguments.MoveNext())
                return argument;
        }

        return null;
    }

    /// <summary>
    /// Where a running Hookbox answers: <c>--url</c>, else its configured address, else the first of
    /// <c>ASPNETCORE_HTTP_PORTS</c> on localhost (what the .NET container images set), else ASP.NET Core's default.
    /// </summary>
    public static string BaseUrl(string? url, IConfiguration configuration) =>
        LocalUrl.For(url ?? configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? HttpPortsUrl(configuration["ASPNETCORE_HTTP_PORTS"]) ?? LocalUrl.Default);

    private static string? HttpPortsUrl(string? ports) =>
        ports?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } port
            ? $"http://localhost:{port}"
            : null;
}
