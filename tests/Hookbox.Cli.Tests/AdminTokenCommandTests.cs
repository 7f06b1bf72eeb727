namespace Hookbox.Cli.Tests;

/// <summary>
/// The admin token from the CLI's side (issue 11): <c>hookbox serve</c> says where a generated
/// token is without printing it, the client commands find it with no flags, in a documented
/// order, and <c>hookbox dashboard</c> prints a link that signs in.
/// </summary>
public sealed class AdminTokenCommandTests : IDisposable
{
    private const string Secret = "whsec_admin_token_tests";
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Events_WithNoFlags_UseTheTokenTheServerGenerated()
    {
        var environment = ServeEnvironment.Pocketsflow(Secret);
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);
        var tokenFile = _directory.Combine("hookbox-data/admin.token");

        var (exitCode, output) = await HookboxProcess.RunAsync(["events", "list", "--url", server.BaseAddress.ToString()], _directory.Path, environment, Token);

        Assert.Equal(0, exitCode);
        Assert.Contains("No events", output, StringComparison.Ordinal);
        Assert.Contains(tokenFile, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(server.AdminToken, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_TokenSources_AreTriedInTheDocumentedOrder()
    {
        const string Right = "right-admin-token-0123456789";
        const string Wrong = "wrong-admin-token-0123456789";
        var serverEnvironment = ServeEnvironment.Pocketsflow(Secret);
        serverEnvironment["Hookbox__Admin__Token"] = Right;
        // Room for every attempt of the runs below that presents the wrong token.
        serverEnvironment["Hookbox__Admin__MaxFailedAttempts"] = "100";
        Directory.CreateDirectory(_directory.Combine("server"));
        await using var server = await HookboxProcess.ServeAsync(_directory.Combine("server"), serverEnvironment, Token);
        string[] sources = ["--token", "--token-file", "HOOKBOX_TOKEN", "Hookbox:Admin:Token", "admin.token"];

        for (var level = 0; level < sources.Length; level++)
        {
            // The right token here and the wrong one in every later place: this place wins.
            var wins = await RunWithAsync(server, sources, level, first: Right, rest: Wrong);
            Assert.True(wins.ExitCode == 0, $"{sources[level]} with the right token should win over the later places: {wins.Output}");

            // The wrong one here and the right one in every later place: this place still wins.
            var loses = await RunWithAsync(server, sources, level, first: Wrong, rest: Right);
            Assert.True(loses.ExitCode == 1 && loses.Output.Contains("401", StringComparison.Ordinal), $"{sources[level]} with the wrong token should be the one sent: {loses.Output}");
        }
    }

    [Fact]
    public async Task Dashboard_PrintsALinkCarryingTheGeneratedTokenInItsFragment()
    {
        var environment = ServeEnvironment.Pocketsflow(Secret);
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);

        var (exitCode, output) = await HookboxProcess.RunAsync(["dashboard", "--url", server.BaseAddress.ToString()], _directory.Path, environment, Token);

        Assert.Equal(0, exitCode);
        Assert.Equal($"{server.BaseAddress.ToString().TrimEnd('/')}/#token={server.AdminToken}", output.Trim());
    }

    [Fact]
    public async Task Dashboard_WithNoTokenAnywhere_SaysWhereItLooked()
    {
        var (exitCode, output) = await HookboxProcess.RunAsync(["dashboard", "--url", "http://127.0.0.1:1"], _directory.Path, new Dictionary<string, string?>(), Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("No admin token found", output, StringComparison.Ordinal);
        Assert.Contains("--token-file", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_TokenFileThatCannotBeRead_IsAUsageError()
    {
        var (exitCode, output) = await HookboxProcess.RunAsync(
            ["events", "list", "--url", "http://127.0.0.1:1", "--token-file", _directory.Combine("missing.token")], _directory.Path, new Dictionary<string, string?>(), Token);

        Assert.Equal(2, exitCode);
        Assert.Contains("--token-file", output, StringComparison.Ordinal);
        Assert.Contains("could not be read", output, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>events list</c> with <paramref name="first"/> at <paramref name="level"/>, <paramref name="rest"/> at every later place, and nothing before it.</summary>
    private async Task<(int ExitCode, string Output)> RunWithAsync(HookboxProcess server, string[] sources, int level, string first, string rest)
    {
        var workingDirectory = _directory.Combine($"client-{level}-{first[..5]}");
        Directory.CreateDirectory(Path.Combine(workingDirectory, "hookbox-data"));
        var environment = new Dictionary<string, string?>();
        List<string> arguments = ["events", "list", "--url", server.BaseAddress.ToString()];
        for (var place = level; place < sources.Length; place++)
        {
            var token = place == level ? first : rest;
            switch (sources[place])
            {
                case "--token":
                    arguments.AddRange(["--token", token]);
                    break;
                case "--token-file":
                    var file = Path.Combine(workingDirectory, "token.txt");
                    await File.WriteAllTextAsync(file, token + "\n", Token);
                    arguments.AddRange(["--token-file", file]);
                    break;
                case "HOOKBOX_TOKEN":
                    environment["HOOKBOX_TOKEN"] = token;
                    break;
                case "Hookbox:Admin:Token":
                    environment["Hookbox__Admin__Token"] = token;
                    break;
                default:
                    await File.WriteAllTextAsync(Path.Combine(workingDirectory, "hookbox-data", "admin.token"), token + "\n", Token);
                    break;
            }
        }

        return await HookboxProcess.RunAsync([.. arguments], workingDirectory, environment, Token);
    }
}
