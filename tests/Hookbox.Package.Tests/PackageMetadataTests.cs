using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace Hookbox.Package.Tests;

/// <summary>What each packed .nupkg says about itself, read from its .nuspec and files, as a feed would show it.</summary>
public sealed partial class PackageMetadataTests
{
    private const string RepositoryUrl = "https://github.com/hookbox-dev/hookbox";

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static TheoryData<string> PackageIds => [.. PackageArtifacts.PackageIds];

    public static TheoryData<string> LibraryIds => [.. PackageArtifacts.LibraryIds];

    [Fact]
    public void Pack_OfTheSolution_MakesTheFivePackagesAndNothingElse_AllOfOneVersion()
    {
        var artifacts = PackageArtifacts.Require();

        Assert.Equal(PackageArtifacts.PackageIds.Order(StringComparer.Ordinal), artifacts.Packages.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.All(artifacts.Packages, p => Assert.Equal(artifacts.Version, p.Version));
        Assert.Matches(SemVer(), artifacts.Version);
    }

    [Theory]
    [MemberData(nameof(LibraryIds))]
    public void SymbolPackage_OfEachLibrary_IsBesideIt_WithItsPdb(string id)
    {
        var artifacts = PackageArtifacts.Require();
        var symbols = Path.Combine(artifacts.Directory, $"{id}.{artifacts.Version}.snupkg");

        Assert.True(File.Exists(symbols), $"{symbols} is missing; the folder has {string.Join(", ", Directory.GetFiles(artifacts.Directory).Select(Path.GetFileName))}.");
        Assert.Contains($"lib/net10.0/{id}.pdb", PackedPackage.Open(symbols).Entries);
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Nuspec_OfEachPackage_CarriesTheMetadataAFeedShows(string id)
    {
        var package = PackageArtifacts.Require().Package(id);

        Assert.Equal(id, package.Id);
        Assert.Equal("Hookbox contributors", package.Text("authors"));
        var license = package.Element("license");
        Assert.NotNull(license);
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal(RepositoryUrl, package.Text("projectUrl"));
        var repository = package.Element("repository");
        Assert.NotNull(repository);
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Equal(RepositoryUrl, repository.Attribute("url")?.Value);
        Assert.Matches(CommitId(), repository.Attribute("commit")?.Value ?? "");
        Assert.True(package.Text("description").Length >= 60, $"{id}'s description is too short to tell what it is: '{package.Text("description")}'.");
        Assert.NotEqual("Package Description", package.Text("description"));
        Assert.Contains("webhooks", package.Text("tags").Split(' '));
        Assert.Contains("Hookbox contributors", package.Text("copyright"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Readme_OfEachPackage_IsItsOwn_WithAbsoluteLinksOnly(string id)
    {
        var package = PackageArtifacts.Require().Package(id);

        Assert.Equal("README.md", package.Text("readme"));
        var readme = Encoding.UTF8.GetString(package.ReadEntry("README.md"));
        Assert.StartsWith($"# {id}", readme, StringComparison.Ordinal);
        // A feed renders the README away from the repository: a relative link or image would be broken there.
        Assert.DoesNotContain(MarkdownLinks().Matches(readme).Select(m => m.Groups["target"].Value), target => !target.StartsWith("https://", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Icon_OfEachPackage_IsA128PixelSquarePng(string id)
    {
        var package = PackageArtifacts.Require().Package(id);

        Assert.Equal("icon.png", package.Text("icon"));
        var png = package.ReadEntry("icon.png");
        Assert.Equal(PngSignature, png[..8]);
        // The IHDR chunk comes first: width and height, big-endian, at bytes 16 and 20.
        Assert.Equal((128, 128), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
    }

    [Theory]
    [InlineData("Hookbox.AspNetCore")]
    [InlineData("Hookbox.Sqlite")]
    [InlineData("Hookbox.PostgreSql")]
    public void Dependencies_OfAnAddOn_NameTheCoreAtTheSameVersion(string id)
    {
        var artifacts = PackageArtifacts.Require();
        var dependencies = artifacts.Package(id).Element("dependencies")?.Descendants().Where(e => e.Name.LocalName == "dependency").ToList() ?? [];

        var core = Assert.Single(dependencies, d => d.Attribute("id")?.Value == "Hookbox");
        Assert.Equal(artifacts.Version, core.Attribute("version")?.Value);
    }

    [Fact]
    public void ToolPackage_IsADotnetTool_WhoseCommandIsHookbox()
    {
        var tool = PackageArtifacts.Require().Package(PackageArtifacts.ToolId);

        Assert.Equal("DotnetTool", tool.Element("packageTypes")?.Elements().Single().Attribute("name")?.Value);
        var settings = Encoding.UTF8.GetString(tool.ReadEntry("tools/net10.0/any/DotnetToolSettings.xml"));
        Assert.Contains("<Command Name=\"hookbox\" EntryPoint=\"Hookbox.Cli.dll\"", settings, StringComparison.Ordinal);
    }

    // SemVer 2.0: MAJOR.MINOR.PATCH, an optional pre-release; NuGet keeps build metadata out of the version.
    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")]
    private static partial Regex SemVer();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitId();

    // [text](target) and ![alt](target), the target up to a space or the closing parenthesis.
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)")]
    private static partial Regex MarkdownLinks();
}
