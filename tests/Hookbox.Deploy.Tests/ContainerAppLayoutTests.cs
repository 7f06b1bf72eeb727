using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Hookbox.Deploy.Tests;

/// <summary>
/// The app the container image is made of: <c>dotnet publish src/Hookbox.Cli -c Release</c> (no
/// RID, framework-dependent), which the SDK copies to <c>/app</c> and runs as
/// <c>dotnet /app/Hookbox.Cli.dll serve</c>. <c>.ci/run</c> publishes it and names the folder in
/// <see cref="FolderVariable"/>; here it runs from that folder with the image's environment, as
/// far as a machine without the base image can.
/// </summary>
public sealed class ContainerAppLayoutTests : IDisposable
{
    public const string FolderVariable = "HOOKBOX_TEST_CONTAINER_APP";

    private const string Secret = "whsec_container_layout_0123456789";

    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Layout_HasTheAppAndSqliteForBothImageArchitectures()
    {
        var app = RequireApp();

        Assert.True(File.Exists(Path.Combine(app, "Hookbox.Cli.dll")));
        Assert.True(File.Exists(Path.Combine(app, "runtimes", "linux-x64", "native", "libe_sqlite3.so")));
        Assert.True(File.Exists(Path.Combine(app, "runtimes", "linux-arm64", "native", "libe_sqlite3.so")));
    }

    [Fact]
    public async Task Serve_FromTheLayoutWithTheImagesEnvironment_RecordsADeliveryAndPassesItsHealthcheck()
    {
        var app = RequireApp();
        var port = FreePort.Pick();
        var data = _directory.Combine("data");
        // As the image sets them (Hookbox.Cli.csproj), but listening on loopback only.
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hookbox__DataDirectory"] = data,
            ["POCKETSFLOW_WEBHOOK_SECRET"] = Secret,
        };
        var dll = HookboxExecutable.FromDll(Path.Combine(app, "Hookbox.Cli.dll"));

        await using var server = ChildProcess.Start(dll.StartInfo(["serve", "--urls", $"http://localhost:{port}"], app, environment));
        var baseAddress = await server.WaitForListeningAsync(Token);
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId()), "order.completed", Secret);
        using var delivery = await client.SendAsync(request, Token);
        using var answer = JsonDocument.Parse(await delivery.Content.ReadAsStringAsync(Token));
        var (exitCode, output) = await ChildProcess.RunAsync(dll.StartInfo(["healthcheck", "--ready"], app, environment), Token);

        Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        Assert.Equal("accepted", answer.RootElement.GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(data, "hookbox.db")), server.Output);
        Assert.True(exitCode == 0, output);
    }

    private static string RequireApp()
    {
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrWhiteSpace(folder) && Directory.Exists(folder))
            return folder;

        var message = $"This test runs the container image's app folder and {FolderVariable} does not name one. Run `bash .ci/run`, " +
                      $"or `dotnet publish src/Hookbox.Cli -c Release -o <folder>` and set {FolderVariable}=<folder>.";
        if (Environment.GetEnvironmentVariable(PublishedBinary.RequireVariable) == "1")
            Assert.Fail($"{message} {PublishedBinary.RequireVariable}=1, so this is a failure, not a skip.");

        Assert.Skip(message);
        throw new UnreachableException();
    }
}
