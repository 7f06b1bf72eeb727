using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hookbox.Cli.Tests;

/// <summary>
/// <c>hookbox verify</c>, offline: a saved body and signature, signed in the test as each sender
/// signs, checked by the executable, which must say exactly why a signature fails.
/// </summary>
public sealed class VerifyCommandTests : IDisposable
{
    private const string Secret = "whsec_verify_0123456789abcdef";
    private readonly TempDirectory _directory = new();
    private readonly byte[] _body = PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId());

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("pocketsflow")]
    [InlineData("standard-webhooks")]
    [InlineData("stripe")]
    [InlineData("github")]
    public async Task Verify_ValidSignature_SaysValidAndExitsZero(string scheme)
    {
        var now = Now;
        var swSecret = Signatures.NewStandardWebhooksSecret();
        string[] arguments = scheme switch
        {
            "pocketsflow" => ["--signature", Signatures.Pocketsflow(Secret, _body), "--secret", Secret],
            "standard-webhooks" => ["--scheme", scheme, "--signature", Signatures.StandardWebhooks(swSecret, "msg_1", now, _body), "--id", "msg_1", "--timestamp", Text(now), "--secret", swSecret],
            "stripe" => ["--scheme", scheme, "--signature", Signatures.Stripe(Secret, now, _body), "--secret", Secret],
            _ => ["--scheme", scheme, "--signature", Signatures.GitHub(Secret, _body), "--secret", Secret],
        };

        var (exitCode, output) = await VerifyAsync(_body, arguments);

        Assert.Equal(0, exitCode);
        Assert.StartsWith($"valid ({scheme}): the signature matches this body with this secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongSecret_SaysTheSignatureDoesNotMatchThisBodyWithThisSecret()
    {
        var (exitCode, output) = await VerifyAsync(_body, "--signature", Signatures.Pocketsflow(Secret, _body), "--secret", "whsec_another_endpoints_secret");

        Assert.Equal(1, exitCode);
        Assert.Contains("not valid (mismatch, pocketsflow): the signature does not match this body with this secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AlteredBody_SaysNoReformattingMatches()
    {
        var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_body).Replace("\"amount\":1500", "\"amount\":1600", StringComparison.Ordinal));

        var (exitCode, output) = await VerifyAsync(altered, "--signature", Signatures.Pocketsflow(Secret, _body), "--secret", Secret);

        Assert.Equal(1, exitCode);
        Assert.Contains("(mismatch, pocketsflow)", output, StringComparison.Ordinal);
        Assert.Contains("or the body's content was altered, not only its whitespace: no reformatting of it matches", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DeeplyNestedBodyAltered_IsAMismatchNotABodyThatIsNotJson()
    {
        var deep = Encoding.UTF8.GetBytes($"{{\"webhookId\":\"deep\",\"event\":\"order.completed\",\"data\":{new string('[', 100)}1{new string(']', 100)}}}");
        var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(deep).Replace("1]", "2]", StringComparison.Ordinal));

        var (exitCode, output) = await VerifyAsync(altered, "--signature", Signatures.Pocketsflow(Secret, deep), "--secret", Secret);

        Assert.Equal(1, exitCode);
        Assert.Contains("(mismatch, pocketsflow)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TruncatedBody_SaysItIsNotJson()
    {
        var (exitCode, output) = await VerifyAsync(_body[..^10], "--signature", Signatures.Pocketsflow(Secret, _body), "--secret", Secret);

        Assert.Equal(1, exitCode);
        Assert.Contains("(body-not-json, pocketsflow): the signature does not match, and the body is not valid JSON", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("indented", "the same JSON written compactly, without whitespace")]
    [InlineData("indented-crlf", "the same JSON written compactly, without whitespace")]
    [InlineData("trailing-newline", "the signed body had no trailing newline; this file ends with one")]
    [InlineData("spaced", "the same JSON written compactly, without whitespace")]
    public async Task Verify_ReformattedBody_SaysTheWhitespaceChanged(string change, string matchesWhen)
    {
        var indented = JsonNode.Parse(_body)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var saved = change switch
        {
            "indented" => indented,
            "indented-crlf" => indented.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n",
            "trailing-newline" => Encoding.UTF8.GetString(_body) + "\n",
            _ => Encoding.UTF8.GetString(_body).Replace(",\"", ", \"", StringComparison.Ordinal).Replace("\":", "\": ", StringComparison.Ordinal),
        };

        var (exitCode, output) = await VerifyAsync(Encoding.UTF8.GetBytes(saved), "--signature", Signatures.Pocketsflow(Secret, _body), "--secret", Secret);

        Assert.Equal(1, exitCode);
        Assert.Contains("(whitespace-changed, pocketsflow): the body's whitespace changed: a framework re-serialised or reformatted it; verify the raw bytes", output, StringComparison.Ordinal);
        Assert.Contains(matchesWhen, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ReserialisedBodyWithEscapedText_SaysTheBodyWasReserialised()
    {
        // As JSON.stringify sends it, and as System.Text.Json writes it back by default: é escaped.
        var signed = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\",\"type\":\"customer.created\",\"name\":\"Zoé <Buyer>\"}");
        var saved = Encoding.UTF8.GetBytes(JsonNode.Parse(signed)!.ToJsonString());

        var (exitCode, output) = await VerifyAsync(saved, "--scheme", "stripe", "--signature", Signatures.Stripe(Secret, Now, signed), "--secret", Secret);

        Assert.Equal(1, exitCode);
        Assert.Contains("(body-reserialised, stripe): the body was re-serialised", output, StringComparison.Ordinal);
        Assert.Contains("escaped only where JSON requires (as JSON.stringify does)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ExpiredTimestamp_SaysByHowMuch()
    {
        var signature = Signatures.Stripe(Secret, Now - 1000, _body);

        var (exitCode, output) = await VerifyAsync(_body, "--scheme", "stripe", "--signature", signature, "--secret", Secret);
        var (widened, _) = await VerifyAsync(_body, "--scheme", "stripe", "--signature", signature, "--secret", Secret, "--tolerance", "2000");

        Assert.Equal(1, exitCode);
        Assert.Contains("(timestamp-outside-tolerance, stripe): the signature matches this body with this secret, but the signed timestamp", output, StringComparison.Ordinal);
        // A second or two pass between signing and checking.
        Assert.Matches(@"is 100\d s \(17 min\) behind this machine's clock, 70\d s \(12 min\) outside the tolerance of 300 s", output);
        Assert.Equal(0, widened);
    }

    [Fact]
    public async Task Verify_TimestampAheadOfTheClock_SaysItIsAhead()
    {
        var swSecret = Signatures.NewStandardWebhooksSecret();
        var ahead = Now + 3600;

        var (exitCode, output) = await VerifyAsync(_body, "--scheme", "standard-webhooks", "--signature", Signatures.StandardWebhooks(swSecret, "msg_1", ahead, _body),
            "--id", "msg_1", "--timestamp", Text(ahead), "--secret", swSecret, "--tolerance", "60");

        Assert.Equal(1, exitCode);
        Assert.Contains("(timestamp-outside-tolerance, standard-webhooks)", output, StringComparison.Ordinal);
        Assert.Matches(@"is 3\d{3} s \(60 min\) ahead of this machine's clock, 35\d\d s \(59 min\) outside the tolerance of 60 s", output);
    }

    [Theory]
    [InlineData("pocketsflow", "sha256=", "the X-Pocketsflow-Signature header is not 64 hex characters")]
    [InlineData("stripe", "v1=", "the Stripe-Signature header has no t=<seconds> part")]
    [InlineData("github", "", "the X-Hub-Signature-256 header is not sha256=<64 hex characters>")]
    [InlineData("standard-webhooks", "v1=", "the webhook-signature header holds no v1,<base64> signature")]
    public async Task Verify_MalformedHeader_SaysWhatIsWrongWithIt(string scheme, string prefix, string message)
    {
        var swSecret = Signatures.NewStandardWebhooksSecret();
        var hex = Signatures.Pocketsflow(Secret, _body);

        string[] signed = scheme == "standard-webhooks" ? ["--secret", swSecret, "--id", "msg_1", "--timestamp", Text(Now)] : ["--secret", Secret];

        var (exitCode, output) = await VerifyAsync(_body, ["--scheme", scheme, "--signature", prefix + hex, .. signed]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"(malformed-signature, {scheme}): the signature is malformed: {message}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SignedTimestampNotGiven_SaysTheTimestampIsMissing()
    {
        var swSecret = Signatures.NewStandardWebhooksSecret();

        var (exitCode, output) = await VerifyAsync(_body, "--scheme", "standard-webhooks", "--signature", Signatures.StandardWebhooks(swSecret, "msg_1", Now, _body),
            "--id", "msg_1", "--secret", swSecret);

        Assert.Equal(1, exitCode);
        Assert.Contains("(missing-timestamp, standard-webhooks)", output, StringComparison.Ordinal);
        Assert.Contains("pass the webhook-timestamp header's value with --timestamp", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SecretWithoutItsPrefix_SaysWhichFormMatches()
    {
        var (exitCode, output) = await VerifyAsync(_body, "--signature", Signatures.Pocketsflow(Secret, _body), "--secret", Secret["whsec_".Length..]);

        Assert.Equal(1, exitCode);
        Assert.Contains("(secret-form, pocketsflow)", output, StringComparison.Ordinal);
        Assert.Contains("it matches with the secret with a whsec_ prefix", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Json_PrintsAStableDiagnosis()
    {
        var (exitCode, output) = await VerifyAsync([.. _body, (byte)'\n'], "--signature", Signatures.Pocketsflow(Secret, _body), "--secret", Secret, "--json");

        Assert.Equal(1, exitCode);
        using var report = JsonDocument.Parse(output);
        Assert.False(report.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("whitespace-changed", report.RootElement.GetProperty("diagnosis").GetString());
        Assert.Equal("pocketsflow", report.RootElement.GetProperty("scheme").GetString());
        Assert.Contains("verify the raw bytes", report.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ConfiguredSource_UsesItsSchemeAndEverySecret()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Hookbox__Sources__acme__Scheme"] = "hmac",
            ["Hookbox__Sources__acme__SignatureHeader"] = "X-Acme-Signature",
            ["Hookbox__Sources__acme__SignaturePrefix"] = "sha256=",
            ["Hookbox__Sources__acme__Secrets__0"] = "old-secret",
            ["Hookbox__Sources__acme__Secrets__1"] = "new-secret",
        };

        var (exitCode, output) = await VerifyAsync(_body, environment, "--source", "acme", "--signature", Signatures.GitHub("new-secret", _body));

        Assert.Equal(0, exitCode);
        Assert.StartsWith("valid (hmac): the signature matches this body with one of these 2 secrets", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NoSecret_IsAUsageError()
    {
        var (exitCode, output) = await VerifyAsync(_body, "--signature", Signatures.Pocketsflow(Secret, _body));

        Assert.Equal(2, exitCode);
        Assert.Contains("Give the secret with --secret, --secret-file or HOOKBOX_SECRET, or name a configured source with --source.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SecretFile_ReadsOneSecretALine()
    {
        var file = _directory.Combine("secrets.txt");
        await File.WriteAllTextAsync(file, "whsec_rotated_out_secret\r\n" + Secret + "\n", Token);

        var (exitCode, output) = await VerifyAsync(_body, "--signature", Signatures.Pocketsflow(Secret, _body), "--secret-file", file);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("valid (pocketsflow): the signature matches this body with one of these 2 secrets", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SecretInTheEnvironment_IsUsed()
    {
        var environment = new Dictionary<string, string?> { ["HOOKBOX_SECRET"] = Secret };

        var (exitCode, output) = await VerifyAsync(_body, environment, "--signature", Signatures.Pocketsflow(Secret, _body));
        var (wrong, _) = await VerifyAsync(_body, new Dictionary<string, string?> { ["HOOKBOX_SECRET"] = "whsec_another" }, "--signature", Signatures.Pocketsflow(Secret, _body));

        Assert.Equal(0, exitCode);
        Assert.StartsWith("valid (pocketsflow)", output, StringComparison.Ordinal);
        Assert.Equal(1, wrong);
    }

    [Fact]
    public async Task Verify_SecretFileUnreadableOrEmptyOrBesideSecret_IsAUsageErrorWithoutTheSecret()
    {
        var empty = _directory.Combine("empty.txt");
        await File.WriteAllTextAsync(empty, "\n", Token);
        var signature = Signatures.Pocketsflow(Secret, _body);

        var (absent, absentOutput) = await VerifyAsync(_body, "--signature", signature, "--secret-file", _directory.Combine("absent.txt"));
        var (blank, blankOutput) = await VerifyAsync(_body, "--signature", signature, "--secret-file", empty);
        var (both, bothOutput) = await VerifyAsync(_body, "--signature", signature, "--secret", Secret, "--secret-file", empty);

        Assert.Equal((2, 2, 2), (absent, blank, both));
        Assert.Contains("Cannot read the secret from", absentOutput, StringComparison.Ordinal);
        Assert.Contains("is empty", blankOutput, StringComparison.Ordinal);
        Assert.Contains("not both", bothOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, bothOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingBodyFile_IsAUsageError()
    {
        var (exitCode, output) = await HookboxProcess.RunAsync(
            ["verify", "--body", _directory.Combine("absent.json"), "--signature", "00", "--secret", Secret], _directory.Path, new Dictionary<string, string?>(), Token);
        var (noBody, _) = await HookboxProcess.RunAsync(["verify", "--signature", "00", "--secret", Secret], _directory.Path, new Dictionary<string, string?>(), Token);

        Assert.Equal(2, exitCode);
        Assert.Contains("Cannot read the body from", output, StringComparison.Ordinal);
        Assert.Equal(2, noBody);
    }

    private Task<(int ExitCode, string Output)> VerifyAsync(byte[] savedBody, params string[] arguments) =>
        VerifyAsync(savedBody, new Dictionary<string, string?>(), arguments);

    private async Task<(int ExitCode, string Output)> VerifyAsync(byte[] savedBody, Dictionary<string, string?> environment, params string[] arguments)
    {
        var path = _directory.Combine($"{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(path, savedBody, Token);
        return await HookboxProcess.RunAsync(["verify", "--body", path, .. arguments], _directory.Path, environment, Token);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
