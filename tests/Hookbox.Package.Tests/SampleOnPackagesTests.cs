using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hookbox.Package.Tests;

/// <summary>
/// The library-mode sample (samples/Hookbox.Samples.Courses), copied out of the repository and
/// built on the packed packages instead of the projects, as a user's app is: if a package missed
/// a dependency, an assembly or a public type the sample uses, this would not build or run.
/// Then it plays the sample's own test (tests/Hookbox.Samples.Tests): an order grants the course,
/// its refund revokes it.
/// </summary>
public sealed partial class SampleOnPackagesTests : IDisposable
{
    private const string Secret = "whsec_courses_sample_on_packages";
    private const string SampleName = "Hookbox.Samples.Courses";

    /// <summary>The packages the sample restores: the two it names and the core they bring in.</summary>
    private static readonly string[] RestoredIds = ["Hookbox", "Hookbox.AspNetCore", "Hookbox.Sqlite"];

    private static readonly string SampleDirectory = typeof(SampleOnPackagesTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HookboxSampleDirectory").Value!;

    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sample_BuiltOnThePackages_GrantsTheCourse_AndItsRefund_RevokesIt()
    {
        var artifacts = PackageArtifacts.Require();
        var project = CopySampleOutOfTheRepository(artifacts);
        var globalPackages = await GlobalPackagesFolderAsync();
        ForgetRestoredCopies(globalPackages, artifacts.Version);
        try
        {
            var output = _directory.Combine("out");
            // No build servers: a compiler or MSBuild node left running would hold this test's
            // output pipe open after the build ends.
            await ChildProcess.RunSuccessfullyAsync(
                "dotnet",
                ["build", project, "-c", "Release", "-o", output, $"-p:HookboxPackageVersion={artifacts.Version}", "--disable-build-servers", "-nologo"],
                _directory.Path,
                TimeSpan.FromMinutes(5),
                Token);

            // Built on the packages, not on projects that happen to be nearby.
            using (var dependencies = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, $"{SampleName}.deps.json"))))
            {
                var libraries = dependencies.RootElement.GetProperty("libraries");
                Assert.All(RestoredIds, id => Assert.Equal("package", libraries.GetProperty($"{id}/{artifacts.Version}").GetProperty("type").GetString()));
            }

            await using var sample = ChildProcess.Start(
                "dotnet",
                [
                    Path.Combine(output, $"{SampleName}.dll"), "--urls", "http://127.0.0.1:0",
                    $"--Hookbox:DataDirectory={_directory.Combine("data")}",
                    $"--Hookbox:Sources:pocketsflow:Secrets:0={Secret}",
                    "--Hookbox:Dispatch:InitialDelay=00:00:00.050",
                ],
                _directory.Path);
            var address = (await sample.WaitForOutputAsync(NowListeningOn(), "the sample to print where it listens", Token)).Groups[1].Value;
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            using (var order = PocketsflowEvents.Request(Order("order-on-packages"), "order.completed", Secret))
            using (var answer = await client.SendAsync(order, Token))
                Assert.True(answer.IsSuccessStatusCode, $"The order was answered {answer.StatusCode}:\n{sample.Output}");

            await Poll.UntilAsync(async () => (await client.GetStringAsync(new Uri("/access", UriKind.Relative), Token)).Contains("course-101", StringComparison.Ordinal), "the course to be granted", Token);

            using (var refund = PocketsflowEvents.Request(Order("refund-on-packages"), "order.refunded", Secret))
            using (var answer = await client.SendAsync(refund, Token))
                Assert.True(answer.IsSuccessStatusCode, $"The refund was answered {answer.StatusCode}:\n{sample.Output}");

            await Poll.UntilAsync(async () => JsonDocument.Parse(await client.GetStringAsync(new Uri("/access", UriKind.Relative), Token)).RootElement.GetArrayLength() == 0, "the course to be revoked", Token);
        }
        finally
        {
            ForgetRestoredCopies(globalPackages, artifacts.Version);
        }
    }

    private static byte[] Order(string webhookId) => Encoding.UTF8.GetBytes(
        $$$"""{"webhookId":"{{{webhookId}}}","customer":{"email":"jane@example.com"},"product":{"id":"course-101","name":"C# for webhooks"},"order":{"id":"ord_1","amount":49.0}}""");

    /// <summary>
    /// Copies the sample's project and sources into this test's directory, outside the repository,
    /// with what a user's own repository would have around it: build settings of its own (none of
    /// Hookbox's), and a NuGet source for the packed artifacts beside the machine's usual ones.
    /// </summary>
    private string CopySampleOutOfTheRepository(PackageArtifacts artifacts)
    {
        var copy = Directory.CreateDirectory(_directory.Combine(SampleName)).FullName;
        foreach (var file in Directory.EnumerateFiles(SampleDirectory).Where(f => Path.GetExtension(f) is ".cs" or ".csproj" or ".json"))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));

        // These stop MSBuild and NuGet looking further up (the temp folder's parents) for settings.
        File.WriteAllText(_directory.Combine("Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(_directory.Combine("Directory.Build.targets"), "<Project />");
        File.WriteAllText(_directory.Combine("Directory.Packages.props"), "<Project />");
        File.WriteAllText(_directory.Combine("nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="hookbox-artifacts" value="{artifacts.Directory}" />
              </packageSources>
            </configuration>
            """);
        return Path.Combine(copy, $"{SampleName}.csproj");
    }

    /// <summary>Where NuGet keeps restored packages on this machine (NUGET_PACKAGES, a config's globalPackagesFolder, or ~/.nuget/packages).</summary>
    private async Task<string> GlobalPackagesFolderAsync()
    {
        var output = await ChildProcess.RunSuccessfullyAsync("dotnet", ["nuget", "locals", "global-packages", "--list"], _directory.Path, TimeSpan.FromMinutes(1), Token);
        var match = GlobalPackagesLine().Match(output);
        Assert.True(match.Success, $"dotnet nuget locals did not name the global packages folder:\n{output}");
        return match.Groups[1].Value.Trim();
    }

    /// <summary>
    /// Removes this version of the restored packages from NuGet's global folder. A re-pack keeps
    /// the version until the next commit, and restore takes a version it already has without
    /// looking at the feed: without this, the test could build on the previous pack.
    /// </summary>
    private static void ForgetRestoredCopies(string globalPackages, string version)
    {
        foreach (var id in RestoredIds)
        {
            var versions = Path.Combine(globalPackages, id.ToLowerInvariant());
            var restored = Path.Combine(versions, version.ToLowerInvariant());
            if (Directory.Exists(restored))
                Directory.Delete(restored, recursive: true);

            if (Directory.Exists(versions) && !Directory.EnumerateFileSystemEntries(versions).Any())
                Directory.Delete(versions);
        }
    }

    [GeneratedRegex(@"^global-packages:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex GlobalPackagesLine();

    [GeneratedRegex(@"Now listening on: (http://[^\s,]+)")]
    private static partial Regex NowListeningOn();
}
