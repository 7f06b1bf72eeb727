using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hookbox.Deploy.Tests;

/// <summary>hookbox serve as systemd runs it (deploy/systemd/hookbox.service, <c>Type=notify</c>).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SystemdNotifyTests
{
    private const string Secret = "whsec_systemd_tests_0123456789";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Environment() => new()
    {
        ["POCKETSFLOW_WEBHOOK_SECRET"] = Secret,
        ["Hookbox__Admin__Token"] = "systemd-tests-admin-token-0123",
    };

    [Fact]
    public async Task Serve_UnderSystemd_SendsReadyOnlyOnceTheInboxTakesEvents()
    {
        await using var service = SystemdService.Start(HookboxExecutable.PublishedOrBuilt(), Environment(), new TempDirectory());

        await service.Notify.WaitForAsync("READY=1", Token);
        // No waiting from here on: systemd starts what comes After= this unit the moment READY=1 arrives.
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        using var health = await client.GetAsync("/healthz", Token);
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId()), "order.completed", Secret);
        using var delivery = await client.SendAsync(request, Token);
        using var answer = JsonDocument.Parse(await delivery.Content.ReadAsStringAsync(Token));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        Assert.Equal("accepted", answer.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Serve_UnderSystemdOnSigterm_SendsStoppingAndExitsZero()
    {
        await using var service = SystemdService.Start(HookboxExecutable.PublishedOrBuilt(), Environment(), new TempDirectory());
        await service.Notify.WaitForAsync("READY=1", Token);

        var exitCode = await service.Process.TerminateAsync(Token);
        var stopping = await service.Notify.WaitForAsync("STOPPING=1", Token);

        Assert.Contains("STOPPING=1", stopping, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Serve_UnderSystemd_WritesLogLinesWithJournaldPriorities()
    {
        await using var service = SystemdService.Start(HookboxExecutable.PublishedOrBuilt(), Environment(), new TempDirectory());
        await service.Notify.WaitForAsync("READY=1", Token);

        await Poll.UntilAsync(() => service.Process.Output.Contains("Application started", StringComparison.Ordinal), "the lifetime's start line", Token);

        // journald reads "<6>" as informational; the console formatter would write "info: " on a line of its own.
        Assert.Matches(new Regex(@"(?m)^<6>Microsoft\.Hosting\.Lifetime\[0\] Application started"), service.Process.Output);
        Assert.DoesNotContain("info: ", service.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OutsideSystemd_WritesPlainConsoleLogLines()
    {
        using var directory = new TempDirectory();
        var hookbox = HookboxExecutable.PublishedOrBuilt();
        await using var server = ChildProcess.Start(hookbox.StartInfo(["serve", "--urls", "http://127.0.0.1:0"], directory.Path, Environment()));
        await server.WaitForListeningAsync(Token);

        await Poll.UntilAsync(() => server.Output.Contains("Application started", StringComparison.Ordinal), "the lifetime's start line", Token);

        Assert.Contains("info: Microsoft.Hosting.Lifetime[0]", server.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"(?m)^<\d>"), server.Output);
    }
}
