using System.CommandLine;
using Hookbox.Sqlite;

namespace Hookbox.Cli;

/// <summary>
/// The SQLite inbox file <c>hookbox serve</c> opens, found from the same configuration
/// (appsettings.json, environment variables, <c>--Hookbox:Key=value</c> arguments) by the same
/// rule (<see cref="SqliteStoreOptions.ResolveDatabasePath"/>), for <c>backup</c> and <c>restore</c>.
/// </summary>
internal static class InboxFileLocation
{
    /// <summary>
    /// The inbox's file; null, once the reason is printed, when the command line is wrong or the
    /// inbox is on PostgreSQL (then <paramref name="postgreSqlTool"/> is what to use instead).
    /// </summary>
    public static string? Resolve(ParseResult result, CliOutput output, string postgreSqlTool, out int exitCode)
    {
        string[] configArgs = [.. result.UnmatchedTokens];
        if (CliConfiguration.UnknownOption(configArgs) is { } unknown)
        {
            exitCode = output.Usage($"Unknown argument {unknown}: see --help for the options; configuration goes as --Hookbox:Key=value.");
            return null;
        }

        var (_, options) = CliConfiguration.Load(configArgs);
        var provider = options.Store.Provider ?? StoreOptions.Sqlite;
        if (!provider.Equals(StoreOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            exitCode = output.Fail(
                $"The inbox is on {provider} ({HookboxOptions.SectionName}:Store:Provider), not in an SQLite file: use {postgreSqlTool}; see \"Backup and restore\" in the README.");
            return null;
        }

        exitCode = ExitCodes.Ok;
        return new SqliteStoreOptions().ResolveDatabasePath(options);
    }
}
