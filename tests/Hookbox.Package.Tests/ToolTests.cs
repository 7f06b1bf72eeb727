using System.Net;
using System.Text.RegularExpressions;

namespace Hookbox.Package.Tests;

/// <summary>The hookbox tool as a user gets it: installed from the packages with `dotnet tool install`, not built from the repository.</summary>
public sealed partial class ToolTests(InstalledTool tool) : IClassFixture<InstalledTool>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Version_OfTheInstalledTool_IsThePackedVersionAndCommit()
    {
        var artifacts = PackageArtifacts.Require();
        var hookbox = await tool.CommandAsync(artifacts, Token);
        using var workingDirectory = new TempDirectory();

        var output = await ChildProcess.RunSuccessfullyAsync(hookbox, ["--version"], workingDirectory.Path, TimeSpan.FromMinutes(1), Token);

        // The informational version: MinVer's version, then the commit it was built from, as the
        // package's repository element records it; a bug report with it names the exact source.
        var commit = artifacts.Package(PackageArtifacts.ToolId).Element("repository")?.Attribute("commit")?.Value;
        Assert.Equal($"{artifacts.Version}+{commit}", output.Trim());
    }

    [Fact]
    public async Task Serve_FromTheInstalledTool_AnswersHealthz()
    {
        var artifacts = PackageArtifacts.Require();
        var hookbox = await tool.CommandAsync(artifacts, Token);
        using var workingDirectory = new TempDirectory();

        // No configuration at all, in an empty directory: the first start a user makes.
        await using var server = ChildProcess.Start(hookbox, ["serve", "--urls", "http://127.0.0.1:0"], workingDirectory.Path);
        var address = (await server.WaitForOutputAsync(ListeningOn(), "hookbox serve to print where it listens", Token)).Groups[1].Value;
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        using var answer = await client.GetAsync(new Uri("/healthz", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(File.Exists(Path.Combine(workingDirectory.Path, "hookbox-data", "hookbox.db")), $"serve did not make its SQLite file in the working directory:\n{server.Output}");
    }

    [GeneratedRegex(@"Hookbox is listening on (http://[^\s,]+)")]
    private static partial Regex ListeningOn();
}
