using System.Net.Http.Headers;
using System.Text.Json;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Refused requests to a known source are kept, bounded, without secrets, and visible through the API.</summary>
public sealed class RejectionLogTests : HostedTest
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Ingest:RejectionLogCapacity"] = "3";
        return settings;
    }

    private async Task<JsonElement[]> RejectionsAsync(string query = "")
    {
        using var response = await Client.GetAsync($"/api/rejections{query}", Token);
        return [.. (await JsonAsync(response)).GetProperty("items").EnumerateArray()];
    }

    [Fact]
    public async Task BadSignature_IsLoggedWithReasonAndHeadersButNoCredentials()
    {
        var request = PocketsflowEvents.Request(PocketsflowEvents.Body("w1"), secret: "whsec_wrong");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "proxy-credential");
        using (await SendAsync(request))
        {
        }

        JsonElement[] items = [];
        await Poll.UntilAsync(async () => (items = await RejectionsAsync()).Length == 1, "the rejection to be logged", Token);
        var entry = items[0];

        Assert.Equal(("pocketsflow", 401, "invalid_signature"), (entry.GetProperty("source").GetString(), entry.GetProperty("statusCode").GetInt32(), entry.GetProperty("error").GetString()));
        Assert.Contains("X-Pocketsflow-Signature does not match", entry.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("[redacted]", entry.GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Equal("invoice.payment_succeeded", entry.GetProperty("headers").GetProperty("X-Pocketsflow-Event").GetString());
        Assert.Equal(PocketsflowEvents.Body("w1").Length, entry.GetProperty("bodyBytes").GetInt32());
        Assert.DoesNotContain("proxy-credential", entry.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejections_AreBoundedToTheNewest()
    {
        string[] reasons = ["text/plain", "text/html", "text/csv", "text/xml", "image/png"];
        foreach (var contentType in reasons)
        {
            var request = PocketsflowEvents.Request(PocketsflowEvents.Body("w1"));
            request.Content!.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            using (await SendAsync(request))
            {
            }

            await Poll.UntilAsync(async () => (await RejectionsAsync()).Any(r => r.GetProperty("headers").GetProperty("Content-Type").GetString() == contentType), $"the {contentType} rejection", Token);
        }

        var items = await RejectionsAsync();

        Assert.Equal(["image/png", "text/xml", "text/csv"], items.Select(r => r.GetProperty("headers").GetProperty("Content-Type").GetString()));
    }

    [Fact]
    public async Task UnknownSource_IsNotLogged()
    {
        using (await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("w1"), source: "nobody")))
        {
        }

        // A rejection to a known source, sent after, proves the log has caught up.
        using (await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("w2"), secret: "whsec_wrong")))
        {
        }

        await Poll.UntilAsync(async () => (await RejectionsAsync()).Length > 0, "the later rejection", Token);
        Assert.All(await RejectionsAsync(), r => Assert.Equal("pocketsflow", r.GetProperty("source").GetString()));
    }
}
