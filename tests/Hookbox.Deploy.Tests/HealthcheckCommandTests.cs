namespace Hookbox.Deploy.Tests;

/// <summary><c>hookbox healthcheck</c>: what a chiseled image's HEALTHCHECK runs, with no shell or curl there.</summary>
public sealed class HealthcheckCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("healthz")]
    [InlineData("readyz")]
    public async Task Healthcheck_ServerAnswers_ExitsZero(string endpoint)
    {
        var hookbox = HookboxExecutable.PublishedOrBuilt();
        await using var server = ChildProcess.Start(hookbox.StartInfo(["serve", "--urls", "http://127.0.0.1:0"], _directory.Path, new Dictionary<string, string?>()));
        var baseAddress = await server.WaitForListeningAsync(Token);
        string[] arguments = endpoint == "readyz" ? ["healthcheck", "--url", baseAddress.ToString(), "--ready"] : ["healthcheck", "--url", baseAddress.ToString()];

        var (exitCode, output) = await ChildProcess.RunAsync(hookbox.StartInfo(arguments, _directory.Path, new Dictionary<string, string?>()), Token);

        Assert.Equal(0, exitCode);
        Assert.Contains($"/{endpoint}: 200 Healthy", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_NothingListens_ExitsOne()
    {
        var hookbox = HookboxExecutable.PublishedOrBuilt();
        var closed = $"http://127.0.0.1:{FreePort.Pick()}";

        var (exitCode, output) = await ChildProcess.RunAsync(hookbox.StartInfo(["healthcheck", "--url", closed], _directory.Path, new Dictionary<string, string?>()), Token);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{closed}/healthz", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_WithoutUrl_FindsTheServerOnTheContainerImagesHttpPort()
    {
        var hookbox = HookboxExecutable.PublishedOrBuilt();
        var port = FreePort.Pick();
        // As in the image: ASPNETCORE_HTTP_PORTS says the port, nothing says a URL.
        var environment = new Dictionary<string, string?> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var server = ChildProcess.Start(hookbox.StartInfo(["serve", "--urls", $"http://localhost:{port}"], _directory.Path, new Dictionary<string, string?>()));
        await server.WaitForListeningAsync(Token);

        var (exitCode, output) = await ChildProcess.RunAsync(hookbox.StartInfo(["healthcheck"], _directory.Path, environment), Token);

        Assert.Equal(0, exitCode);
        Assert.Contains($"http://localhost:{port}/healthz: 200", output, StringComparison.Ordinal);
    }
}
