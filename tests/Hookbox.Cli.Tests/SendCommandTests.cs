using System.Text;
using System.Text.Json;

namespace Hookbox.Cli.Tests;

/// <summary>
/// <c>hookbox send</c> to a source of each scheme, checked by a real <c>hookbox serve</c>: what
/// send signs is what the server verifies (issue 12: send signed for Pocketsflow only).
/// </summary>
public sealed class SendCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, string> Sources => new()
    {
        { "pocketsflow", "Secrets:0=whsec_send_pocketsflow" },
        { "pf-signed", "Scheme=pocketsflow;SignedTimestamp=true;Secrets:0=whsec_send_pocketsflow" },
        { "stripe", "Secrets:0=whsec_send_stripe" },
        { "github", "Secrets:0=send-github-secret" },
        { "standard-webhooks", "Secrets:0=whsec_c2VuZC1zdGFuZGFyZC13ZWJob29rcy1rZXk=" },
        { "acme", "Scheme=hmac;Secrets:0=send-acme-secret;SignatureHeader=X-Acme-Signature" },
        {
            "acme-timestamped",
            "Scheme=hmac;Secrets:0=send-acme-secret;SignatureHeader=X-Acme-Signature;Algorithm=sha512;Encoding=base64;" +
            "SignaturePrefix=sha512=;SignedContent={timestamp}.{body};TimestampHeader=X-Acme-Timestamp"
        },
        { "acme-headers", "Scheme=hmac;Secrets:0=send-acme-secret;SignatureHeader=X-Acme-Signature;EventIdHeader=X-Acme-Id;EventTypeHeader=X-Acme-Event" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Send_ToASourceOfEachScheme_IsAcceptedByServeWithItsType(string source, string settings)
    {
        var environment = Environment(source, settings);
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);

        var (exitCode, output) = await HookboxProcess.RunAsync(
            ["send", "order.completed", "--source", source, "--url", server.BaseAddress.ToString()], _directory.Path, environment, Token);
        using var client = server.CreateClient();
        var item = JsonDocument.Parse(await client.GetStringAsync("/api/events", Token)).RootElement.GetProperty("items")[0];

        Assert.True(exitCode == 0, output);
        Assert.Contains("200 {\"status\":\"accepted\"", output, StringComparison.Ordinal);
        Assert.Equal(source, item.GetProperty("source").GetString());
        Assert.Equal("order.completed", item.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("stripe", "Secrets:0=whsec_send_stripe")]
    [InlineData("github", "Secrets:0=send-github-secret")]
    [InlineData("standard-webhooks", "Secrets:0=whsec_c2VuZC1zdGFuZGFyZC13ZWJob29rcy1rZXk=")]
    [InlineData("acme", "Scheme=hmac;Secrets:0=send-acme-secret;SignatureHeader=X-Acme-Signature")]
    public async Task Send_AnotherSecretThanTheServers_IsRefused(string source, string settings)
    {
        var environment = Environment(source, settings);
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);

        var (exitCode, output) = await HookboxProcess.RunAsync(
            ["send", "order.completed", "--source", source, "--secret", "whsec_bm90LXRoZS1zZXJ2ZXJzLXNlY3JldA==", "--url", server.BaseAddress.ToString()],
            _directory.Path, environment, Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("401", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_BodyFileToAStripeSource_SendsItsBytesUnderItsOwnId()
    {
        var environment = Environment("stripe", "Secrets:0=whsec_send_stripe");
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);
        var bodyFile = _directory.Combine("event.json");
        await File.WriteAllTextAsync(bodyFile, "{ \"id\": \"evt_from_file\",\n  \"type\": \"invoice.paid\" }", new UTF8Encoding(false), Token);

        var (exitCode, output) = await HookboxProcess.RunAsync(
            ["send", "invoice.paid", "--source", "stripe", "--body", bodyFile, "--url", server.BaseAddress.ToString()], _directory.Path, environment, Token);
        using var client = server.CreateClient();
        var listed = await client.GetStringAsync("/api/events", Token);

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"eventId\":\"evt_from_file\"", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_HmacSourceWithoutItsSignatureHeader_NamesTheKey()
    {
        var environment = Environment("acme", "Scheme=hmac;Secrets:0=send-acme-secret");

        var (exitCode, output) = await HookboxProcess.RunAsync(["send", "order.completed", "--source", "acme"], _directory.Path, environment, Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("Hookbox:Sources:acme:SignatureHeader is required by the hmac scheme", output, StringComparison.Ordinal);
    }

    /// <summary>The source's settings, "Key=Value;…", as environment variables both processes read.</summary>
    private static Dictionary<string, string?> Environment(string source, string settings) =>
        settings.Split(';').Select(setting => setting.Split('=', 2)).ToDictionary(
            pair => $"Hookbox__Sources__{source}__{pair[0].Replace(":", "__", StringComparison.Ordinal)}",
            pair => (string?)pair[1]);
}
