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
        var headers = TestSources.Headers(("X-Pocketsflow-Signature", "ab\"cd"), ("Authorization", "Bearer hunter2"), ("cookie", "session=1"));

        using var json = JsonDocument.Parse(headers.ToJsonUtf8());

        Assert.Equal("ab\"cd", json.RootElement.GetProperty("X-Pocketsflow-Signature").GetString());
        Assert.Equal("[redacted]", json.RootElement.GetProperty("Authorization").GetString());
        Assert.Equal("[redacted]", json.RootElement.GetProperty("cookie").GetString());
    }
}
