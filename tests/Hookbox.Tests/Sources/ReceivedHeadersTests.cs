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
    public void ToJsonUtf8_KeepsValuesAsReceivedAndRedactsCredentials()
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

        Assert.Equal("ab\"cd", root.GetProperty("X-Pocketsflow-Signature").GetString());
        Assert.All(["Authorization", "cookie", "X-Gitlab-Token", "X-Api-Key", "X-Shared"], name => Assert.Equal("[redacted]", root.GetProperty(name).GetString()));
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
}
