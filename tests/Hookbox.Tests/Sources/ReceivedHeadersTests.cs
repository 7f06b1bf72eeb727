using System.Text.Json;

namespace Hookbox.Tests.Sources;

public sealed class ReceivedHeadersTests
{
    [Fact]
    public void Indexer_IsCaseInsensitive()
    {
        var headers = TestSources.Headers(("X-Pocketsflow-Event", "order.completed"));

        Assert.Equal("order.completed", headers["x-pocketsflow-event"]);
        Assert.Null(headers["X-Other"]);
    }

    [Fact]
    public void ToJsonUtf8_RedactsCredentialsAndDigestsSignatures()
    {
        var headers = TestSources.Headers(
            ("X-Pocketsflow-Signature", "ab\"cd"),
            ("Authorization", "Bearer hunter2"),
            ("cookie", "session=1"),
            ("X-Gitlab-Token", "glpat-1"),
            ("X-Api-Key", "k-1"),
            ("X-Shared", "prefix whsec_the_source_secret suffix"));

        using var json = JsonDocument.Parse(headers.ToJsonUtf8(["whsec_the_source_secret"]));
        var root = json.RootElement;

        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("ab\"cd"u8)), root.GetProperty("X-Pocketsflow-Signature").GetString());
        Assert.All(["Authorization", "cookie", "X-Gitlab-Token", "X-Api-Key", "X-Shared"], name => Assert.Equal("[redacted]", root.GetProperty(name).GetString()));
    }

    [Fact]
    public void ToJsonUtf8_EverySchemesSignatureHeaderAndTheConfiguredOne_AreDigestsOfTheValue()
    {
        // Issue 11: a stored signature could be replayed; its digest cannot.
        string[] names = ["X-Pocketsflow-Signature", "webhook-signature", "svix-signature", "Stripe-Signature", "X-Hub-Signature-256", "X-Hub-Signature", "X-Shopify-Hmac-Sha256", "X-Custom-Mac"];
        var headers = TestSources.Headers([.. names.Select(n => (n, $"value of {n}")), ("X-GitHub-Delivery", "d-1")]);

        using var json = JsonDocument.Parse(headers.ToJsonUtf8([], signatureHeader: "x-custom-mac"));
        var root = json.RootElement;

        Assert.All(names, name => Assert.Equal(
            "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"value of {name}"))),
            root.GetProperty(name).GetString()));
        Assert.Equal("d-1", root.GetProperty("X-GitHub-Delivery").GetString());
    }

    [Fact]
    public void ToJsonUtf8_OverMaxBytes_LeavesOutWholeHeadersAndSaysHowMany()
    {
        var headers = TestSources.Headers([.. Enumerable.Range(0, 40).Select(i => ($"X-Flood-{i:00}", new string('v', 500)))]);

        var json = headers.ToJsonUtf8([], 8192);

        Assert.InRange(json.Length, 7000, 8192);
        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal("X-Flood-00", names[0]);
        Assert.Equal(ReceivedHeaders.TruncatedMarker, names[^1]);
        Assert.Equal($"{40 - (names.Count - 1)} headers left out", document.RootElement.GetProperty(ReceivedHeaders.TruncatedMarker).GetString());
    }

    [Fact]
    public void ToJsonUtf8_UnderMaxBytes_IsTheWholeObject()
    {
        var headers = TestSources.Headers(("X-Pocketsflow-Event", "order.completed"), ("Host", "x"));

        Assert.Equal(headers.ToJsonUtf8([]), headers.ToJsonUtf8([], 8192));
    }

    [Fact]
    public void ToJsonUtf8_OneAfterAnother_EachIsItsOwnObject_AfterHugeHeadersToo()
    {
        // The writer's buffer is kept per thread between calls, and dropped after a huge one.
        var small = TestSources.Headers(("X-Pocketsflow-Event", "order.completed"));
        var huge = TestSources.Headers(("X-Large", new string('a', 200_000)), ("X-Pocketsflow-Event", "order.paid"));
        string[] secrets = [];

        var first = small.ToJsonUtf8(secrets);
        using var large = JsonDocument.Parse(huge.ToJsonUtf8(secrets));
        var after = small.ToJsonUtf8(secrets);

        Assert.Equal("""{"X-Pocketsflow-Event":"order.completed"}"""u8.ToArray(), first);
        Assert.Equal(200_000, large.RootElement.GetProperty("X-Large").GetString()!.Length);
        Assert.Equal("order.paid", large.RootElement.GetProperty("X-Pocketsflow-Event").GetString());
        Assert.Equal(first, after);
        Assert.NotSame(first, after);
    }
}
