using System.Diagnostics.CodeAnalysis;

namespace Hookbox.Package.Tests;

/// <summary>
/// The folder of packages `dotnet pack` made, named by <see cref="DirectoryVariable"/>
/// (<c>.ci/run</c> packs into a temp folder and names it), and the packages in it.
/// </summary>
public sealed class PackageArtifacts
{
    /// <summary>The folder holding the .nupkg and .snupkg files, e.g. the <c>-o</c> of <c>dotnet pack -c Release -o artifacts</c>.</summary>
    public const string DirectoryVariable = "HOOKBOX_TEST_PACKAGES";

    /// <summary>"1" turns missing packages from a skipped test into a failed one (set by <c>.ci/run</c>).</summary>
    public const string RequireVariable = "HOOKBOX_REQUIRE_PACKAGES";

    /// <summary>The id of the package `dotnet tool install` takes; its command is <c>hookbox</c>.</summary>
    public const string ToolId = "Hookbox.Tool";

    /// <summary>The libraries, each with a symbol package beside it.</summary>
    public static readonly string[] LibraryIds = ["Hookbox", "Hookbox.AspNetCore", "Hookbox.Sqlite", "Hookbox.PostgreSql"];

    /// <summary>Every package `dotnet pack Hookbox.slnx` makes, and nothing else.</summary>
    public static readonly string[] PackageIds = [.. LibraryIds, ToolId];

    private PackageArtifacts(string directory, IReadOnlyList<PackedPackage> packages)
    {
        Directory = directory;
        Packages = packages;
    }

    public string Directory { get; }

    /// <summary>Every .nupkg in <see cref="Directory"/>.</summary>
    public IReadOnlyList<PackedPackage> Packages { get; }

    /// <summary>The version the tool was packed with, which every package should share.</summary>
    public string Version => Package(ToolId).Version;

    /// <summary>The package with <paramref name="id"/>; fails the test when there is not exactly one.</summary>
    public PackedPackage Package(string id)
    {
        var found = Packages.Where(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(found.Count == 1, $"Expected one {id} package in {Directory}, found {found.Count}: {string.Join(", ", Packages.Select(p => p.FileName))}.");
        return found[0];
    }

    /// <summary>
    /// The packed artifacts. Without <see cref="DirectoryVariable"/> the test is skipped, or fails
    /// when <see cref="RequireVariable"/> is 1, so that CI can never go green without them; a
    /// folder that is named but holds no package always fails.
    /// </summary>
    public static PackageArtifacts Require()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrWhiteSpace(directory))
        {
            Unavailable(
                $"This test reads the packed packages and {DirectoryVariable} is not set. Run `bash .ci/run`, which packs them first, " +
                $"or `dotnet pack Hookbox.slnx -c Release -o artifacts` and set {DirectoryVariable} to that folder's full path.");
        }

        if (!System.IO.Directory.Exists(directory))
            Assert.Fail($"{DirectoryVariable}={directory} does not exist: pack into it first (dotnet pack Hookbox.slnx -c Release -o <folder>).");

        var packages = System.IO.Directory.GetFiles(directory, "*.nupkg").Order(StringComparer.Ordinal).Select(PackedPackage.Open).ToList();
        if (packages.Count == 0)
            Assert.Fail($"{DirectoryVariable}={directory} holds no .nupkg: pack into it first (dotnet pack Hookbox.slnx -c Release -o <folder>).");

        return new PackageArtifacts(Path.GetFullPath(directory), packages);
    }

    [DoesNotReturn]
    private static void Unavailable(string message)
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"{message} {RequireVariable}=1, so this is a failure, not a skip.");

        Assert.Skip(message);
    }
}
