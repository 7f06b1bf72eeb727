using System.Reflection;

namespace Hookbox.Deploy.Tests;

/// <summary>The files of this repository the deployment tests read: units, compose files, the CLI's project.</summary>
internal static class Repository
{
    public static readonly string Root = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The built <c>Hookbox.Cli.dll</c>, run with <c>dotnet</c>.</summary>
    public static readonly string CliDll = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HookboxCliPath").Value!;

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);
}
