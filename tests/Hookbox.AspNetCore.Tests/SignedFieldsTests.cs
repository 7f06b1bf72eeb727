using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Issue 11, signed beats unsigned, over the real host: the signed body's id and type win over an
/// unsigned header, which must agree; GitHub deliveries dedupe on the body; what is stored and
/// shown of a signature is a digest that cannot be replayed; an id or type that cannot travel in
/// a header is refused.
/// </summary>
public sealed class SignedFieldsTests : HostedTest
{
    private const string GitHubSecret = "github secret";
    private const string HmacSecret = "hmac-secret";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = HookboxTestHost.DefaultSettings(Directory.Path);
        settings["Hookbox:Sources:github:Secrets:0"] = GitHubSecret;
        settings["Hookbox:Sources:custom:Scheme"] = "hmac";
        settings["Hookbox:Sources:custom:Secrets:0"] = HmacSecret;
        settings["Hookbox:Sources:custom:SignatureHeader"] = "X-Custom-Mac";
        settings["Hookbox:Sources:custom:EventTypeHeader"] = "X-Custom-Type";
        settings["Hookbox:Sources:custom:EventTypePointer"] = "/type";
        return settings;
    }

    private static HttpRequestMessage GitHub(byte[] body, string delivery) =>
        WebhookRequest.Create("github", body, ("X-Hub-Signature-256", Signatures.GitHub(GitHubSecret, body)), ("X-Hub-Signature", "sha1=0123"), ("X-GitHub-Event", "push"), ("X-GitHub-Delivery", delivery));

    private static HttpRequestMessage Custom(byte[] body, string? type) =>
        WebhookRequest.Create("custom", body, [("X-Custom-Mac", CustomSignature(body)), .. type is null ? Array.Empty<(string, string)>() : [("X-Custom-Type", type)]]);

    private static string CustomSignature(byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HmacSecret), body));

    private static HttpRequestMessage PocketsflowWithoutEventHeader(byte[] body)
    {
        var request = PocketsflowEvents.Request(body);
        request.Headers.Remove("X-Pocketsflow-Event");
        return request;
    }

    private static string Digest(string value) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(HttpRequestMessage request)
    {
        using var response = await SendAsync(request);
        return (response.StatusCode, await JsonAsync(response));
    }

    private async Task<JsonElement> EventAsync(string id)
    {
        using var response = await Client.GetAsync($"/api/events/{id}", Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    [Fact]
    public async Task Pocketsflow_EventHeaderContradictsTheSignedBody_Is400EnvelopeMismatchAndNothingIsStored()
    {
        var body = """{"webhookId":"w-mismatch","event":"order.refunded","order":{"id":"ord_1"}}"""u8.ToArray();

        var (status, json) = await PostAsync(PocketsflowEvents.Request(body, "order.completed"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("envelope_mismatch", json.GetProperty("error").GetString());
        Assert.Equal("header X-Pocketsflow-Event contradicts the signed body /event; the header is not signed, so the request is refused", json.GetProperty("message").GetString());
        Assert.Equal(0, await StoredEventCountAsync());
    }

    [Fact]
    public async Task Pocketsflow_EventHeaderAgreesWithTheSignedBody_IsAccepted()
    {
        var body = """{"webhookId":"w-agree","event":"order.completed","order":{"id":"ord_2"}}"""u8.ToArray();

        var (status, json) = await PostAsync(PocketsflowEvents.Request(body, "order.completed"));

        Assert.Equal((HttpStatusCode.OK, "accepted"), (status, json.GetProperty("status").GetString()));
        Assert.Equal("order.completed", (await EventAsync(json.GetProperty("id").GetString()!)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Pocketsflow_EventHeaderMissing_TypeIsTheSignedBodysEvent()
    {
        var body = """{"webhookId":"w-body","event":"order.refunded","order":{"id":"ord_3"}}"""u8.ToArray();

        var (status, json) = await PostAsync(PocketsflowWithoutEventHeader(body));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("order.refunded", (await EventAsync(json.GetProperty("id").GetString()!)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Pocketsflow_BodyWithoutEvent_TypeIsTheHeaders()
    {
        var (status, json) = await PostAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("w-header"), "invoice.paid"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("invoice.paid", (await EventAsync(json.GetProperty("id").GetString()!)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Hmac_TypeHeaderContradictsTheConfiguredBodyField_Is400EnvelopeMismatch_AndAgreeingIsAccepted()
    {
        var body = """{"id":"c-1","type":"invoice.paid"}"""u8.ToArray();

        var (contradicted, error) = await PostAsync(Custom(body, "invoice.voided"));
        var (agreed, _) = await PostAsync(Custom(body, "invoice.paid"));
        var (bodyOnly, _) = await PostAsync(Custom("""{"id":"c-2","type":"invoice.paid"}"""u8.ToArray(), type: null));

        Assert.Equal(HttpStatusCode.BadRequest, contradicted);
        Assert.Equal("envelope_mismatch", error.GetProperty("error").GetString());
        Assert.Contains("header X-Custom-Type", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("body /type", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (agreed, bodyOnly));
    }

    [Fact]
    public async Task GitHub_BodyResentUnderANewDelivery_IsDuplicateOfTheFirstAndStoredOnce()
    {
        var body = """{"ref":"refs/heads/main","after":"5f2c9a","repository":{"full_name":"acme/shop"}}"""u8.ToArray();

        var (firstStatus, first) = await PostAsync(GitHub(body, Guid.NewGuid().ToString()));
        var (resentStatus, resent) = await PostAsync(GitHub(body, Guid.NewGuid().ToString()));
        var (otherStatus, other) = await PostAsync(GitHub("""{"ref":"refs/heads/main","after":"77aa01"}"""u8.ToArray(), Guid.NewGuid().ToString()));

        Assert.Equal((HttpStatusCode.OK, "accepted"), (firstStatus, first.GetProperty("status").GetString()));
        Assert.Equal((HttpStatusCode.OK, "duplicate"), (resentStatus, resent.GetProperty("status").GetString()));
        Assert.Equal(first.GetProperty("id").GetString(), resent.GetProperty("id").GetString());
        Assert.Equal((HttpStatusCode.OK, "accepted"), (otherStatus, other.GetProperty("status").GetString()));
        Assert.Equal(2, await StoredEventCountAsync());
    }

    [Fact]
    public async Task Post_SignatureHeaders_AreStoredAndShownAsDigestsOnly()
    {
        var pocketsflowBody = PocketsflowEvents.Body("w-digest");
        var githubBody = """{"zen":"Keep it logically awesome.","hook_id":7}"""u8.ToArray();
        var customBody = """{"id":"c-digest","type":"thing.made"}"""u8.ToArray();
        var (_, pocketsflow) = await PostAsync(PocketsflowEvents.Request(pocketsflowBody));
        var (_, github) = await PostAsync(GitHub(githubBody, "d-digest"));
        var (_, custom) = await PostAsync(Custom(customBody, type: null));

        var shownPocketsflow = (await EventAsync(pocketsflow.GetProperty("id").GetString()!)).GetProperty("headers");
        var shownGitHub = (await EventAsync(github.GetProperty("id").GetString()!)).GetProperty("headers");
        var shownCustom = (await EventAsync(custom.GetProperty("id").GetString()!)).GetProperty("headers");
        var stored = StoredHeaders();

        Assert.Equal(Digest(Signatures.Pocketsflow(PocketsflowEvents.Secret, pocketsflowBody)), shownPocketsflow.GetProperty("X-Pocketsflow-Signature").GetString());
        Assert.Equal(Digest(Signatures.GitHub(GitHubSecret, githubBody)), shownGitHub.GetProperty("X-Hub-Signature-256").GetString());
        Assert.Equal(Digest("sha1=0123"), shownGitHub.GetProperty("X-Hub-Signature").GetString());
        Assert.Equal(Digest(CustomSignature(customBody)), shownCustom.GetProperty("X-Custom-Mac").GetString());
        Assert.Equal("d-digest", shownGitHub.GetProperty("X-GitHub-Delivery").GetString()); // the other headers as received
        Assert.Equal(3, stored.Count);
        Assert.All(stored, headers =>
        {
            Assert.DoesNotContain(Signatures.Pocketsflow(PocketsflowEvents.Secret, pocketsflowBody), headers, StringComparison.Ordinal);
            Assert.DoesNotContain(Signatures.GitHub(GitHubSecret, githubBody), headers, StringComparison.Ordinal);
            Assert.DoesNotContain(CustomSignature(customBody), headers, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Post_RefusedRequest_RejectionLogShowsTheSignatureAsADigest()
    {
        var body = PocketsflowEvents.Body("w-refused");
        var wrong = new string('a', 64);
        using (await SendAsync(PocketsflowEvents.Request(body, signature: wrong)))
        {
        }

        async Task<JsonElement> RejectionsAsync()
        {
            using var response = await Client.GetAsync("/api/rejections", Token);
            return (await JsonAsync(response)).GetProperty("items");
        }

        await Poll.UntilAsync(async () => (await RejectionsAsync()).GetArrayLength() > 0, "the refusal in the rejection log", Token);
        var entry = (await RejectionsAsync())[0];

        Assert.Equal(Digest(wrong), entry.GetProperty("headers").GetProperty("X-Pocketsflow-Signature").GetString());
    }

    [Fact]
    public async Task GetEvent_StoredWithTheSignatureBeforeDigests_ShowsTheDigest()
    {
        // An event stored by a Hookbox from before issue 11 kept the signature as received.
        var store = Host.Services.GetRequiredService<IInboxStore>();
        var incoming = new IncomingEvent(
            HookboxId.New(TimeProvider.System), "pocketsflow", new EventEnvelope("w-old", "order.completed"), DateTimeOffset.UtcNow, null, "application/json",
            """{"X-Pocketsflow-Signature":"8f6135ccb5a6566dc432a8a3b01747ea649cdb837a5766638b009d5d4e953cc9","Stripe-Signature":"t=1,v1=ab","X-Pocketsflow-Event":"order.completed"}"""u8.ToArray(),
            """{"webhookId":"w-old"}"""u8.ToArray(), []);
        await store.WriteBatchAsync([incoming], [], Token);

        var headers = (await EventAsync(incoming.Id)).GetProperty("headers");

        Assert.Equal(Digest("8f6135ccb5a6566dc432a8a3b01747ea649cdb837a5766638b009d5d4e953cc9"), headers.GetProperty("X-Pocketsflow-Signature").GetString());
        Assert.Equal(Digest("t=1,v1=ab"), headers.GetProperty("Stripe-Signature").GetString());
        Assert.Equal("order.completed", headers.GetProperty("X-Pocketsflow-Event").GetString());
    }

    [Theory]
    [InlineData("évt_1", "order.completed")]
    [InlineData("evt_\u202Egnp", "order.completed")]
    [InlineData("evt_\u200B1", "order.completed")]
    [InlineData("evt\u00071", "order.completed")]
    [InlineData(" evt_1", "order.completed")]
    [InlineData("evt_1", "order.\u202Ecompleted")]
    [InlineData("evt_1", "order.complétée")]
    [InlineData("evt_1", "order.completed\u0085")]
    public async Task Post_IdOrTypeThatCannotTravelInAHeader_Is400InvalidEnvelope(string webhookId, string type)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { webhookId, @event = type }));

        var (status, json) = await PostAsync(PocketsflowWithoutEventHeader(body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_envelope", json.GetProperty("error").GetString());
        Assert.Equal(0, await StoredEventCountAsync());
    }

    private List<string> StoredHeaders()
    {
        using var connection = new SqliteConnection($"Data Source={Directory.Combine("hookbox.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(headers AS TEXT) FROM events";
        using var reader = command.ExecuteReader();
        var all = new List<string>();
        while (reader.Read())
            all.Add(reader.GetString(0));

        return all;
    }
}
