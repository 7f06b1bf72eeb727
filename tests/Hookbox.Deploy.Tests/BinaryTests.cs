using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hookbox.Deploy.Tests;

/// <summary>
/// The published single-file hookbox, copied alone into an empty directory as a user copies it
/// to a server: no file beside it (a framework-dependent or multi-file build cannot start so).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class BinaryTests : IDisposable
{
    private const string Secret = "whsec_deploy_tests_0123456789";
    private const string AdminToken = "deploy-tests-admin-token-0123";

    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Version_OfTheLoneBinary_PrintsAVersionAndExitsZero()
    {
        var hookbox = CopyAlone();

        var (exitCode, output) = await ChildProcess.RunAsync(hookbox.StartInfo(["--version"], _directory.Path, new Dictionary<string, string?>()), Token);

        Assert.Equal(0, exitCode);
        Assert.Matches(new Regex(@"^\d+\.\d+\.\d+"), output.Trim());
    }

    [Fact]
    public async Task Serve_LoneBinary_RecordsASignedDeliveryInItsSqliteInbox()
    {
        await using var server = ServeAlone();
        using var client = await AdminClientAsync(server);
        var body = PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId());

        using var request = PocketsflowEvents.Request(body, "order.completed", Secret);
        using var response = await client.SendAsync(request, Token);
        var answer = await response.Content.ReadAsStringAsync(Token);
        using var accepted = JsonDocument.Parse(answer);
        var id = accepted.RootElement.GetProperty("id").GetString();
        using var stored = JsonDocument.Parse(await client.GetStringAsync($"/api/events/{id}", Token));
        var exitCode = await server.TerminateAsync(Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("accepted", accepted.RootElement.GetProperty("status").GetString());
        Assert.Equal("order.completed", stored.RootElement.GetProperty("type").GetString());
        Assert.True(File.Exists(_directory.Combine("work/hookbox-data/hookbox.db")), server.Output);
        Assert.NotEmpty(Directory.GetFiles(_directory.Combine("extracted"), "libe_sqlite3.so", SearchOption.AllDirectories));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Serve_LoneBinary_StartsOnPrecompiledCode()
    {
        // ReadyToRun: the runtime and the app come precompiled, so starting to serve jits a few
        // hundred methods (427 when this was written) where a JIT-only build jits 2 750.
        const int MaxJittedToStart = 1_000;
        await using var server = ServeAlone();
        using var client = await AdminClientAsync(server);
        var metrics = await client.GetStringAsync("/metrics", Token);
        await server.TerminateAsync(Token);

        var jitted = Regex.Match(metrics, @"^dotnet_jit_compiled_methods_total\{[^}]*\} (\d+)", RegexOptions.Multiline);
        Assert.True(jitted.Success, metrics);
        Assert.InRange(long.Parse(jitted.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, MaxJittedToStart);
    }

    /// <summary>
    /// <c>hookbox serve</c> from the lone binary on a free port, with the sample source's secret
    /// and the admin token; its inbox under work/, SQLite's native library extracted under
    /// extracted/, where a test can see it.
    /// </summary>
    private ChildProcess ServeAlone()
    {
        var hookbox = CopyAlone();
        var work = Directory.CreateDirectory(_directory.Combine("work")).FullName;
        var environment = new Dictionary<string, string?>
        {
            ["POCKETSFLOW_WEBHOOK_SECRET"] = Secret,
            ["Hookbox__Admin__Token"] = AdminToken,
            ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = _directory.Combine("extracted"),
        };
        return ChildProcess.Start(hookbox.StartInfo(["serve", "--urls", "http://127.0.0.1:0"], work, environment));
    }

    /// <summary>A client of <paramref name="server"/> once it listens, carrying the admin token.</summary>
    private static async Task<HttpClient> AdminClientAsync(ChildProcess server)
    {
        var client = new HttpClient { BaseAddress = await server.WaitForListeningAsync(Token) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        return client;
    }

    /// <summary>The binary, alone in a directory of its own.</summary>
    private HookboxExecutable CopyAlone()
    {
        var published = PublishedBinary.Require();
        var alone = Directory.CreateDirectory(_directory.Combine("bin")).FullName;
        var copy = Path.Combine(alone, Path.GetFileName(published));
        File.Copy(published, copy);
        File.SetUnixFileMode(copy, File.GetUnixFileMode(published));
        return HookboxExecutable.FromFile(copy);
    }
}
