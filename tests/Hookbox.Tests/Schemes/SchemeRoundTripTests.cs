using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Hookbox.Tests.Schemes;

/// <summary>
/// What each scheme signs (for <c>hookbox send</c>) its own verifier accepts, and its sample
/// body carries the event id and type where the scheme's source reads them.
/// </summary>
public sealed class SchemeRoundTripTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    /// <summary>A source of each scheme, by name and settings ("Key=Value;…"), with a secret in its form.</summary>
    public static TheoryData<string, string, string> Sources => new()
    {
        { SchemeNames.Pocketsflow, "", "whsec_pocketsflow_secret" },
        { SchemeNames.Pocketsflow, "SignedTimestamp=true", "whsec_pocketsflow_secret" },
        { SchemeNames.StandardWebhooks, "", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
        { SchemeNames.Stripe, "", "whsec_4eC39HqLyjWDarjtT1zdp7dc" },
        { SchemeNames.GitHub, "", "It's a Secret to Everybody" },
        { SchemeNames.Hmac, "SignatureHeader=X-Signature", "hmac-secret" },
        { SchemeNames.Hmac, "SignatureHeader=X-Signature;Algorithm=sha512;Encoding=base64;SignaturePrefix=sha512=;SignedContent={timestamp}.{body};TimestampHeader=X-Timestamp", "hmac-secret" },
        { SchemeNames.Hmac, "SignatureHeader=X-Signature;EventIdHeader=X-Event-Id;EventTypeHeader=X-Event-Type", "hmac-secret" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Sign_SampleBody_IsValidAndReadsAsItsIdAndType(string scheme, string settings, string secret)
    {
        var (descriptor, options, source) = Build(scheme, settings, secret);
        var webhook = Sample(descriptor, "order.completed");

        var headers = Headers(descriptor.Sign(options, secret, webhook));
        var verified = source.Scheme.Verify(headers, webhook.Body, Now);
        var envelope = source.Envelope.Read(headers, webhook.Body);

        Assert.Equal(VerificationStatus.Valid, verified.Status);
        Assert.True(envelope.IsRead, envelope.Message);
        Assert.Equal(webhook.EventId, envelope.Envelope.EventId);
        Assert.Equal("order.completed", envelope.Envelope.EventType);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Sign_BodyChangedAfterSigning_IsAMismatch(string scheme, string settings, string secret)
    {
        var (descriptor, options, source) = Build(scheme, settings, secret);
        var webhook = Sample(descriptor, "order.completed");

        var headers = Headers(descriptor.Sign(options, secret, webhook));
        var result = source.Scheme.Verify(headers, [.. webhook.Body, (byte)' '], Now);

        Assert.Equal(VerificationStatus.Mismatch, result.Status);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Sign_AnotherSecret_IsAMismatch(string scheme, string settings, string secret)
    {
        var (descriptor, options, source) = Build(scheme, settings, secret);
        var webhook = Sample(descriptor, "order.completed");

        // Still in the scheme's form: Standard Webhooks' is base64 after whsec_.
        var other = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("another secret"));
        var result = source.Scheme.Verify(Headers(descriptor.Sign(options, other, webhook)), webhook.Body, Now);

        Assert.Equal(VerificationStatus.Mismatch, result.Status);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Sign_SignedTenMinutesAgo_IsOutOfToleranceExactlyWhereTheSchemeSignsTheTimestamp(string scheme, string settings, string secret)
    {
        var (descriptor, options, source) = Build(scheme, settings, secret);
        var webhook = Sample(descriptor, "order.completed") with { Timestamp = Now.AddMinutes(-10) };

        var result = source.Scheme.Verify(Headers(descriptor.Sign(options, secret, webhook)), webhook.Body, Now);

        Assert.Equal(descriptor.SignsTimestamp(options) ? VerificationStatus.TimestampOutOfTolerance : VerificationStatus.Valid, result.Status);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Headers_TheSignedValuesAsVerifyIsGivenThem_AreValid(string scheme, string settings, string secret)
    {
        var (descriptor, options, source) = Build(scheme, settings, secret);
        var webhook = Sample(descriptor, "order.completed");
        var sent = Headers(descriptor.Sign(options, secret, webhook));

        // What an operator copies from a delivery into hookbox verify: the signature, timestamp and id headers' values.
        var timestampHeader = descriptor.TimestampHeader(options);
        var given = descriptor.Headers(
            options,
            sent[descriptor.SignatureHeader(options)]!,
            timestampHeader is null ? null : sent[timestampHeader],
            descriptor.SignedIdHeader is { } idHeader ? sent[idHeader] : null);

        Assert.Equal(VerificationStatus.Valid, source.Scheme.Verify(given, webhook.Body, Now).Status);
    }

    internal static (WebhookScheme Descriptor, SourceOptions Options, WebhookSource Source) Build(string scheme, string settings, string secret)
    {
        var options = new SourceOptions { Scheme = scheme };
        options.Secrets.Add(secret);
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('=', 2)).Select(s => new KeyValuePair<string, string?>(s[0], s[1])))
            .Build()
            .Bind(options);

        var errors = new List<string>();
        var source = WebhookSourceFactory.TryCreate("test", options, errors);
        Assert.Empty(errors);
        return (WebhookSchemes.Find(scheme)!, options, source!);
    }

    internal static OutgoingWebhook Sample(WebhookScheme descriptor, string eventType)
    {
        var id = descriptor.NewEventId();
        var payload = new JsonObject { ["order"] = new JsonObject { ["id"] = "ord_1" } };
        var body = Encoding.UTF8.GetBytes(descriptor.SampleBody(payload, id, eventType, Now).ToJsonString());
        return new OutgoingWebhook(body, id, eventType, Now);
    }

    internal static ReceivedHeaders Headers(IEnumerable<KeyValuePair<string, string>> headers) => new(headers);
}
