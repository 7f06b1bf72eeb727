using System.Net;
using System.Runtime.Versioning;
using System.Text;

namespace Hookbox.Cli.Tests;

/// <summary><c>hookbox serve</c> and <c>hookbox send</c> as processes, the way a person on a fresh machine runs them.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    private async Task SendSampleEventAsync(HookboxProcess server)
    {
        var (exitCode, output) = await HookboxProcess.RunAsync(["send", "order.completed", "--url", server.BaseAddress.ToString()], _directory.Path, new Dictionary<string, string?>(), Token);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Serve_WithNoConfiguration_RunsASamplePocketsflowSourceThatSendReaches()
    {
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, new Dictionary<string, string?>(), Token);
        var secretFile = _directory.Combine("hookbox-data/pocketsflow.secret");

        var (exitCode, output) = await HookboxProcess.RunAsync(["send", "order.completed", "--url", server.BaseAddress.ToString()], _directory.Path, new Dictionary<string, string?>(), Token);

        Assert.Contains($"POST {new Uri(server.BaseAddress, "/webhooks/pocketsflow")}", server.Output, StringComparison.Ordinal);
        Assert.Contains("send order.completed", server.Output, StringComparison.Ordinal);
        Assert.Contains($"dashboard:    {server.BaseAddress.ToString().TrimEnd('/')}/", server.Output, StringComparison.Ordinal);
        Assert.StartsWith("whsec_", File.ReadAllText(secretFile), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
        Assert.Equal(0, exitCode);
        Assert.Contains("200 {\"status\":\"accepted\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(secretFile).Trim(), server.Output, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Serve_FinishesSocketOperationsOnTheEventThreads_UnlessTheOperatorTurnsThatOff()
    {
        // The runtime's own sign that it took the setting: finishing completions inline, it keeps
        // an event thread per processor, else one per many.
        if (Environment.ProcessorCount == 1)
            Assert.Skip("one processor: one event thread either way");

        const string Inline = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        int eventThreadsByDefault, eventThreadsTurnedOff;
        await using (var server = await HookboxProcess.ServeAsync(_directory.Path, new Dictionary<string, string?> { [Inline] = null }, Token))
            eventThreadsByDefault = server.ThreadNames().Count(name => name == ".NET Sockets");

        await using (var server = await HookboxProcess.ServeAsync(_directory.Path, new Dictionary<string, string?> { [Inline] = "0" }, Token))
            eventThreadsTurnedOff = server.ThreadNames().Count(name => name == ".NET Sockets");

        Assert.Equal(Environment.ProcessorCount, eventThreadsByDefault);
        Assert.InRange(eventThreadsTurnedOff, 1, eventThreadsByDefault - 1);
    }

    [Fact]
    public async Task Serve_WritesNoPerRequestHostingLines_UnlessTheirCategoryIsTurnedOnByName()
    {
        // ASP.NET Core starts an Activity and a log scope per request while its hosting category
        // can log at all; a request's "Request starting" line is the category's sign that it can.
        // Asked for by Microsoft.AspNetCore alone, the category stays off; by its own name, it is on.
        const string Category = "Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics";
        await using (var server = await HookboxProcess.ServeAsync(_directory.Path, new Dictionary<string, string?> { ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information" }, Token))
        {
            await PostUnsignedAsync(server);

            // The refusal's warning is written after the request has started.
            await Poll.UntilAsync(() => Task.FromResult(server.Output.Contains("missing_signature", StringComparison.Ordinal)), "the refusal's warning", Token);
            Assert.DoesNotContain("Request starting", server.Output, StringComparison.Ordinal);
        }

        await using (var server = await HookboxProcess.ServeAsync(_directory.Path, new Dictionary<string, string?> { [Category] = "Information" }, Token))
        {
            await PostUnsignedAsync(server);

            await Poll.UntilAsync(() => Task.FromResult(server.Output.Contains("Request starting", StringComparison.Ordinal)), "the request's hosting line", Token);
        }
    }

    private static async Task PostUnsignedAsync(HookboxProcess server)
    {
        using var client = server.CreateClient();
        using var answer = await client.PostAsync("/webhooks/pocketsflow", new StringContent("{}", Encoding.UTF8, "application/json"), Token);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Serve_DoesNotWatchTheDirectoriesItWritesTheInboxIn_UnlessTheOperatorTurnsPollingOff()
    {
        // The inbox is under the working directory here (./hookbox-data), as it is by default. An
        // inotify watch of that directory (for appsettings.json) has a thread of its own, which
        // every write of the inbox woke.
        const string Polling = "DOTNET_USE_POLLING_FILE_WATCHER";
        IReadOnlyList<string> threadsByDefault, threadsTurnedOff;
        await using (var server = await HookboxProcess.ServeAsync(_directory.Path, new Dictionary<string, string?> { [Polling] = null }, Token))
        {
            await SendSampleEventAsync(server);
            threadsByDefault = server.ThreadNames();
        }

        await using (var server = await HookboxProcess.ServeAsync(_directory.Path, new Dictionary<string, string?> { [Polling] = "0" }, Token))
        {
            await SendSampleEventAsync(server);
            threadsTurnedOff = server.ThreadNames();
        }

        Assert.DoesNotContain(".NET File Watch", threadsByDefault);
        Assert.Contains(".NET File Watch", threadsTurnedOff);
    }

    [Fact]
    public async Task Serve_PocketsflowWebhookSecret_IsTheSourcesSecretAndNothingIsGenerated()
    {
        var environment = new Dictionary<string, string?> { ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_from_the_dashboard" };
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var body = PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId());

        using var request = PocketsflowEvents.Request(body, secret: "whsec_from_the_dashboard");
        using var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(File.Exists(_directory.Combine("hookbox-data/pocketsflow.secret")));
    }

    [Theory]
    [InlineData("Hookbox__Sources__pocketsflow__Scheme", "paypal", "Hookbox:Sources:pocketsflow:Scheme 'paypal' is not a known scheme")]
    [InlineData("Hookbox__Sources__pocketsflow__MaxBodyBytes", "lots", "Hookbox:Sources:pocketsflow:MaxBodyBytes 'lots' is not a valid whole number")]
    [InlineData("Hookbox__Store__Provider", "mongodb", "Hookbox:Store:Provider 'mongodb' is not supported")]
    [InlineData("Hookbox__Store__Provider", "postgresql", "Hookbox:Store:ConnectionString is missing")]
    [InlineData("Hookbox__Store__Provider", "postgresql", "Hookbox:Admin:Token must be set with the PostgreSQL store")]
    [InlineData("Hookbox__ForwardedHeaders__KnownProxies__0", "nginx", "Hookbox:ForwardedHeaders:KnownProxies:0 'nginx' is not an IP address")]
    public async Task Serve_BadSetting_ExitsWithAMessageNamingTheKey(string variable, string value, string expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_x",
            [variable] = value,
        };

        var (exitCode, output) = await HookboxProcess.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], _directory.Path, environment, Token);

        Assert.Equal(2, exitCode);
        Assert.Contains("Hookbox cannot start:", output, StringComparison.Ordinal);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PostgreSqlNobodyListensOn_ExitsSayingWhichSettingToCheck()
    {
        var environment = new Dictionary<string, string?>
        {
            ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_x",
            ["Hookbox__Store__Provider"] = "postgresql",
            // Port 1 is reserved and closed: the connection is refused at once.
            ["Hookbox__Store__ConnectionString"] = "Host=127.0.0.1;Port=1;Username=hookbox;Password=not-to-be-printed",
            ["Hookbox__Admin__Token"] = ServeEnvironment.PostgreSqlAdminToken,
        };

        var (exitCode, output) = await HookboxProcess.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], _directory.Path, environment, Token);

        Assert.Equal(2, exitCode);
        Assert.Contains("the PostgreSQL inbox could not be opened", output, StringComparison.Ordinal);
        Assert.Contains("check Hookbox:Store:ConnectionString", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-to-be-printed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_EveryDocumentedPocketsflowType_IsAcceptedWithItsType()
    {
        string[] types =
        [
            "order.completed", "order.refunded", "customer.subscription.created", "customer.subscription.updated",
            "customer.subscription.deleted", "customer.subscription.pause", "customer.subscription.paused",
            "customer.subscription.resumed", "customer.subscription.trial_will_end", "invoice.created", "invoice.upcoming",
            "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed", "payment_intent.succeeded",
            "payment_intent.payment_failed", "customer.created",
        ];
        var environment = new Dictionary<string, string?> { ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_send_test" };
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);

        foreach (var type in types)
        {
            var (exitCode, output) = await HookboxProcess.RunAsync(["send", type, "--url", server.BaseAddress.ToString()], _directory.Path, environment, Token);
            Assert.True(exitCode == 0, $"{type}: {output}");
            Assert.Contains("\"status\":\"accepted\"", output, StringComparison.Ordinal);
        }

        using var client = server.CreateClient();
        var listed = await client.GetStringAsync("/api/events?limit=100", Token);
        Assert.All(types, type => Assert.Contains($"\"type\":\"{type}\"", listed, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_SecretFromAFileOrTheEnvironment_IsAccepted()
    {
        var serverEnvironment = new Dictionary<string, string?> { ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_send_file_test" };
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, serverEnvironment, Token);
        var file = _directory.Combine("secret.txt");
        await File.WriteAllTextAsync(file, "whsec_send_file_test\n", Token);
        string[] send = ["send", "order.completed", "--url", server.BaseAddress.ToString()];

        // Neither run sees POCKETSFLOW_WEBHOOK_SECRET: the secret comes from where the test says only.
        var (fromFile, fileOutput) = await HookboxProcess.RunAsync([.. send, "--secret-file", file], _directory.Path, new Dictionary<string, string?>(), Token);
        var (fromEnvironment, environmentOutput) = await HookboxProcess.RunAsync(
            send, _directory.Path, new Dictionary<string, string?> { ["HOOKBOX_SECRET"] = "whsec_send_file_test" }, Token);
        var (wrong, wrongOutput) = await HookboxProcess.RunAsync(
            send, _directory.Path, new Dictionary<string, string?> { ["HOOKBOX_SECRET"] = "whsec_not_the_secret" }, Token);

        Assert.True(fromFile == 0, fileOutput);
        Assert.Contains("\"status\":\"accepted\"", fileOutput, StringComparison.Ordinal);
        Assert.True(fromEnvironment == 0, environmentOutput);
        Assert.Contains("\"status\":\"accepted\"", environmentOutput, StringComparison.Ordinal);
        Assert.Equal(1, wrong);
        Assert.Contains("401", wrongOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_FixtureType_SendsTheFixtureBodyWithANewWebhookId()
    {
        var environment = new Dictionary<string, string?> { ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_send_test" };
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);

        await HookboxProcess.RunAsync(["send", "customer.subscription.deleted", "--url", server.BaseAddress.ToString()], _directory.Path, environment, Token);
        using var client = server.CreateClient();
        var list = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/events", Token));
        var id = list.RootElement.GetProperty("items")[0].GetProperty("id").GetString();
        var detail = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/events/{id}", Token)).RootElement;

        Assert.Equal("canceled", detail.GetProperty("payload").GetProperty("status").GetString());
        Assert.Equal("6a43ce05fae6c4f0cb5a2193", detail.GetProperty("payload").GetProperty("subscriptionCustomerId").GetString());
        Assert.NotEqual("6a43cd117e229e3568f9c9e2", detail.GetProperty("eventId").GetString());
        Assert.Matches("^[0-9a-f]{24}$", detail.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task Send_UnknownType_ListsTheKnownOnes()
    {
        var (exitCode, output) = await HookboxProcess.RunAsync(["send", "order.exploded"], _directory.Path, new Dictionary<string, string?>(), Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("invoice.payment_failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_BodyFile_SendsItsBytesExactly()
    {
        var environment = new Dictionary<string, string?> { ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_send_test" };
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);
        var bodyFile = _directory.Combine("body.json");
        await File.WriteAllTextAsync(bodyFile, "{ \"webhookId\": \"file-1\",\n  \"event\": \"review.created\" }", new UTF8Encoding(false), Token);

        var (exitCode, _) = await HookboxProcess.RunAsync(["send", "review.created", "--body", bodyFile, "--url", server.BaseAddress.ToString()], _directory.Path, environment, Token);
        using var client = server.CreateClient();
        var listed = await client.GetStringAsync("/api/events", Token);

        Assert.Equal(0, exitCode);
        Assert.Contains("\"eventId\":\"file-1\"", listed, StringComparison.Ordinal);
    }
}
