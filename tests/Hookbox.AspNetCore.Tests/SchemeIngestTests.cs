using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Each signature scheme end to end: valid, tampered, expired, rotated, over the real host.</summary>
public sealed class SchemeIngestTests : HostedTest
{
    private const string StripeSecret = "whsec_stripe_9f8e7d6c5b4a";
    private const string GitHubSecret = "github secret";
    private const string HmacSecret = "hmac-secret";
    private static readonly string StandardSecret = Signatures.NewStandardWebhooksSecret();
    private static readonly string OldStandardSecret = Signatures.NewStandardWebhooksSecret();

    protected override Dictionary<string, string?> Settings()
    {
        var settings = HookboxTestHost.DefaultSettings(Directory.Path);
        settings["Hookbox:Sources:pocketsflow:Secrets:1"] = "whsec_rotated_in";
        settings["Hookbox:Sources:svix:Scheme"] = "standard-webhooks";
        settings["Hookbox:Sources:svix:Secrets:0"] = OldStandardSecret;
        settings["Hookbox:Sources:svix:Secrets:1"] = StandardSecret;
        settings["Hookbox:Sources:stripe:Secrets:0"] = StripeSecret;
        settings["Hookbox:Sources:github:Secrets:0"] = GitHubSecret;
        settings["Hookbox:Sources:custom:Scheme"] = "hmac";
        settings["Hookbox:Sources:custom:Secrets:0"] = HmacSecret;
        settings["Hookbox:Sources:custom:SignatureHeader"] = "X-Custom-Signature";
        settings["Hookbox:Sources:custom:Encoding"] = "base64";
        settings["Hookbox:Sources:custom:SignedContent"] = "{timestamp}.{body}";
        settings["Hookbox:Sources:custom:TimestampHeader"] = "X-Custom-Timestamp";
        settings["Hookbox:Sources:custom:EventIdHeader"] = "X-Custom-Id";
        settings["Hookbox:Sources:custom:EventTypePointer"] = "/kind";
        return settings;
    }

    private static HttpRequestMessage StandardWebhooks(byte[] body, string secret, DateTimeOffset at, string id = "msg_1")
    {
        var timestamp = at.ToUnixTimeSeconds();
        return WebhookRequest.Create("svix", body,
            ("webhook-id", id),
            ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
            ("webhook-signature", Signatures.StandardWebhooks(secret, id, timestamp, body)));
    }

    private static HttpRequestMessage Custom(byte[] body, DateTimeOffset at, string secret = HmacSecret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray()));
        return WebhookRequest.Create("custom", body, ("X-Custom-Signature", signature), ("X-Custom-Timestamp", timestamp), ("X-Custom-Id", "c-1"));
    }

    private async Task<(HttpStatusCode Status, string? Error)> StatusAsync(HttpRequestMessage request)
    {
        using var response = await SendAsync(request);
        var json = await JsonAsync(response);
        return (response.StatusCode, json.TryGetProperty("error", out var error) ? error.GetString() : json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pocketsflow_SignedWithTheRotatedInSecret_IsAccepted()
    {
        var body = PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId());

        Assert.Equal((HttpStatusCode.OK, "accepted"), await StatusAsync(PocketsflowEvents.Request(body, secret: "whsec_rotated_in")));
    }

    [Fact]
    public async Task StandardWebhooks_ValidTamperedExpiredAndRotated()
    {
        var body = """{"type":"invoice.paid","data":{"id":"in_1"}}"""u8.ToArray();
        var now = DateTimeOffset.UtcNow;
        var tampered = StandardWebhooks(body, StandardSecret, now, "msg_t");
        tampered.Content = new ByteArrayContent("""{"type":"invoice.paid","data":{"id":"in_2"}}"""u8.ToArray());
        tampered.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        Assert.Equal((HttpStatusCode.OK, "accepted"), await StatusAsync(StandardWebhooks(body, StandardSecret, now, "msg_new")));
        Assert.Equal((HttpStatusCode.OK, "accepted"), await StatusAsync(StandardWebhooks(body, OldStandardSecret, now, "msg_old")));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_signature"), await StatusAsync(tampered));
        Assert.Equal((HttpStatusCode.Unauthorized, "timestamp_out_of_tolerance"), await StatusAsync(StandardWebhooks(body, StandardSecret, now.AddMinutes(-10), "msg_late")));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_signature"), await StatusAsync(StandardWebhooks(body, Signatures.NewStandardWebhooksSecret(), now, "msg_wrong")));
    }

    [Fact]
    public async Task Stripe_ValidTamperedAndExpired()
    {
        var body = """{"id":"evt_1Q","type":"payment_intent.succeeded","data":{"object":{}}}"""u8.ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Assert.Equal((HttpStatusCode.OK, "accepted"), await StatusAsync(WebhookRequest.Create("stripe", body, ("Stripe-Signature", Signatures.Stripe(StripeSecret, now, body)))));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_signature"), await StatusAsync(WebhookRequest.Create("stripe", [.. body, (byte)' '], ("Stripe-Signature", Signatures.Stripe(StripeSecret, now, body)))));
        Assert.Equal((HttpStatusCode.Unauthorized, "timestamp_out_of_tolerance"), await StatusAsync(WebhookRequest.Create("stripe", body, ("Stripe-Signature", Signatures.Stripe(StripeSecret, now - 3600, body)))));
    }

    [Fact]
    public async Task GitHub_ValidAndWrongSecret_AndIdFromDeliveryHeader()
    {
        var body = """{"zen":"Design for failure.","hook_id":1}"""u8.ToArray();
        var delivery = Guid.NewGuid().ToString();

        using var response = await SendAsync(WebhookRequest.Create("github", body, ("X-Hub-Signature-256", Signatures.GitHub(GitHubSecret, body)), ("X-GitHub-Event", "ping"), ("X-GitHub-Delivery", delivery)));
        var id = (await JsonAsync(response)).GetProperty("id").GetString();
        var stored = await JsonAsync(await Client.GetAsync($"/api/events/{id}", Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((delivery, "ping"), (stored.GetProperty("eventId").GetString(), stored.GetProperty("type").GetString()));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_signature"), await StatusAsync(WebhookRequest.Create("github", body, ("X-Hub-Signature-256", Signatures.GitHub("other", body)), ("X-GitHub-Event", "ping"), ("X-GitHub-Delivery", "d2"))));
    }

    [Fact]
    public async Task Hmac_ValidExpiredAndWrongSecret_WithConfiguredIdAndTypeLocations()
    {
        var body = """{"kind":"thing.made","n":1}"""u8.ToArray();
        var now = DateTimeOffset.UtcNow;

        Assert.Equal((HttpStatusCode.OK, "accepted"), await StatusAsync(Custom(body, now)));
        Assert.Equal((HttpStatusCode.Unauthorized, "timestamp_out_of_tolerance"), await StatusAsync(Custom(body, now.AddHours(1))));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_signature"), await StatusAsync(Custom(body, now, "other")));
    }
}
