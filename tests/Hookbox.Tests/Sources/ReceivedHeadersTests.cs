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
}
