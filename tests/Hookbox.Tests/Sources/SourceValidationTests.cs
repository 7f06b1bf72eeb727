using Microsoft.Extensions.Configuration;

namespace Hookbox.Tests.Sources;

/// <summary>A bad setting stops start-up with a message naming its key.</summary>
public sealed class SourceValidationTests
{
    private static string Single(string name, Action<SourceOptions> configure)
    {
        var options = new SourceOptions();
        configure(options);
        return Assert.Single(TestSources.Errors(name, options));
    }

    [Fact]
    public void TryCreate_UnknownScheme_NamesTheKeyAndTheChoices()
    {
        var error = Single("payments", o =>
        {
            o.Scheme = "paypal";
            o.Secrets.Add("s");
        });

        Assert.StartsWith("Hookbox:Sources:payments:Scheme 'paypal'", error, StringComparison.Ordinal);
        Assert.Contains("standard-webhooks", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_NoSchemeAndANameThatIsNotOne_AsksForTheScheme()
    {
        var error = Single("payments", o => o.Secrets.Add("s"));

        Assert.StartsWith("Hookbox:Sources:payments:Scheme is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_NamedAfterAScheme_UsesIt()
    {
        var options = new SourceOptions();
        options.Secrets.Add("s");

        var source = WebhookSourceFactory.TryCreate("Stripe", options, []);

        Assert.IsType<StripeSignatureScheme>(source?.Scheme);
        Assert.Equal("stripe", source.Name);
    }

    [Fact]
    public void TryCreate_PocketsflowWithoutSecrets_PointsAtTheEnvironmentVariable()
    {
        var error = Single("pocketsflow", _ => { });

        Assert.StartsWith("Hookbox:Sources:pocketsflow:Secrets is empty", error, StringComparison.Ordinal);
        Assert.Contains("POCKETSFLOW_WEBHOOK_SECRET", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("whsec_abc\n")]
    [InlineData(" whsec_abc")]
    public void TryCreate_SecretWithSurroundingWhitespace_NamesTheSecretsIndex(string secret)
    {
        var error = Single("pocketsflow", o => o.Secrets.Add(secret));

        Assert.StartsWith("Hookbox:Sources:pocketsflow:Secrets:0 starts or ends with whitespace", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_StandardWebhooksSecretNotBase64_NamesTheSecretsIndex()
    {
        var error = Single("sw", o =>
        {
            o.Scheme = "standard-webhooks";
            o.Secrets.Add(Signatures.NewStandardWebhooksSecret());
            o.Secrets.Add("whsec_not base64!");
        });

        Assert.StartsWith("Hookbox:Sources:sw:Secrets:1 is not a Standard Webhooks secret", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64!", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SignatureHeader", "Hookbox:Sources:custom:SignatureHeader is required")]
    [InlineData("Algorithm", "Hookbox:Sources:custom:Algorithm 'md5'")]
    [InlineData("Encoding", "Hookbox:Sources:custom:Encoding 'base32'")]
    [InlineData("SignedContent", "Hookbox:Sources:custom:SignedContent '{timestamp}'")]
    [InlineData("TimestampHeader", "Hookbox:Sources:custom:TimestampHeader is required")]
    [InlineData("EventIdPointer", "Hookbox:Sources:custom:EventIdPointer 'data.id'")]
    [InlineData("EventTypePointer", "Hookbox:Sources:custom:EventTypePointer 'type'")]
    [InlineData("ToleranceZero", "Hookbox:Sources:custom:ToleranceSeconds is 0, which turns the timestamp check off so a captured delivery can be replayed at any time; set it above 0 (default 300), or set Hookbox:Sources:custom:AllowNoTolerance to true")]
    [InlineData("ToleranceSeconds", "Hookbox:Sources:custom:ToleranceSeconds must be")]
    [InlineData("MaxBodyBytes", "Hookbox:Sources:custom:MaxBodyBytes must be")]
    public void TryCreate_BadHmacSetting_NamesItsKey(string setting, string expected)
    {
        var error = Single("custom", o =>
        {
            o.Scheme = "hmac";
            o.Secrets.Add("s");
            o.SignatureHeader = "X-Signature";
            switch (setting)
            {
                case "SignatureHeader": o.SignatureHeader = null; break;
                case "Algorithm": o.Algorithm = "md5"; break;
                case "Encoding": o.Encoding = "base32"; break;
                case "SignedContent": o.SignedContent = "{timestamp}"; break;
                case "TimestampHeader": o.SignedContent = "{timestamp}.{body}"; break;
                case "EventIdPointer": o.EventIdPointer = "data.id"; break;
                case "EventTypePointer": o.EventTypeHeader = "X-Type"; o.EventTypePointer = "type"; break;
                case "ToleranceZero": o.ToleranceSeconds = 0; break;
                case "ToleranceSeconds": o.ToleranceSeconds = -1; break;
                case "MaxBodyBytes": o.MaxBodyBytes = 0; break;
            }
        });

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_SourceNameNotAUrlSegment_NamesIt()
    {
        var error = Single("my source", o =>
        {
            o.Scheme = "github";
            o.Secrets.Add("s");
        });

        Assert.StartsWith("Hookbox:Sources:my source: the source name", error, StringComparison.Ordinal);
    }

    // Found by HmacSignatureProperties (issue 11): such a prefix validated, then refused every correct signature as malformed.
    [Theory]
    [InlineData(" sha256=")]
    [InlineData("\tv1=")]
    public void TryCreate_HmacPrefixStartingWithWhitespace_NamesTheKey(string prefix)
    {
        var error = Single("acme", o =>
        {
            o.Scheme = "hmac";
            o.SignatureHeader = "X-Signature";
            o.SignaturePrefix = prefix;
            o.Secrets.Add("s");
        });

        Assert.StartsWith("Hookbox:Sources:acme:SignaturePrefix starts with whitespace", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShortAdminToken_NamesTheKey()
    {
        var options = new HookboxOptions { Admin = { Token = "short" } };
        options.Sources["github"] = new SourceOptions();
        options.Sources["github"].Secrets.Add("s");

        var result = new HookboxOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Hookbox:Admin:Token must be at least 16", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Validate_LeaseAheadOutOfRange_NamesTheKey(int leaseAhead)
    {
        var options = new HookboxOptions { Dispatch = { LeaseAhead = leaseAhead } };
        options.Sources["github"] = new SourceOptions();
        options.Sources["github"].Secrets.Add("s");

        var result = new HookboxOptionsValidator().Validate(null, options);

        Assert.Equal([$"Hookbox:Dispatch:LeaseAhead must be from 0 to 1000, not {leaseAhead}"], result.Failures);
    }

    [Fact]
    public void Validate_NoSources_SaysHowToAddOne()
    {
        var result = new HookboxOptionsValidator().Validate(null, new HookboxOptions());

        Assert.Contains(result.Failures!, f => f.StartsWith("Hookbox:Sources is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void PostConfigure_PocketsflowWebhookSecret_CreatesOrJoinsThePocketsflowSource()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_from_env",
        }).Build();
        var empty = new HookboxOptions();
        var configured = new HookboxOptions();
        configured.Sources["pocketsflow"] = new SourceOptions();
        configured.Sources["pocketsflow"].Secrets.Add("whsec_configured");

        new PocketsflowSecretSetup(configuration).PostConfigure(null, empty);
        new PocketsflowSecretSetup(configuration).PostConfigure(null, configured);

        Assert.Equal(["whsec_from_env"], empty.Sources["pocketsflow"].Secrets);
        Assert.Equal(["whsec_configured", "whsec_from_env"], configured.Sources["pocketsflow"].Secrets);
    }

    [Fact]
    public void TryCreate_ToleranceZeroWithAllowNoTolerance_IsValid()
    {
        var options = new SourceOptions { Scheme = "stripe", ToleranceSeconds = 0, AllowNoTolerance = true };
        options.Secrets.Add("whsec_s");

        Assert.Empty(TestSources.Errors("stripe", options));
    }

    [Theory]
    [InlineData("github", null, true)]
    [InlineData("github", false, false)]
    [InlineData("pocketsflow", null, false)]
    [InlineData("stripe", null, false)]
    [InlineData("hmac", null, false)]
    [InlineData("hmac", true, true)]
    public void TryCreate_DedupeOnBody_OnForGitHubByDefaultAndAsConfigured(string scheme, bool? configured, bool expected)
    {
        var source = TestSources.Create(scheme, o =>
        {
            o.DedupeOnBody = configured;
            o.SignatureHeader = "X-Sig";
        }, "s");

        Assert.Equal(expected, source.DedupesOnBody);
        Assert.Equal(expected, source.BodyDigestOf("{}"u8) is not null);
    }
}
