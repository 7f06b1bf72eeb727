namespace Hookbox.Tests.Routing;

public sealed class RouteTests
{
    // Found by the JSON properties (issue 11): the key's GetString() threw while the event was being planned at ingest.
    [Theory]
    [InlineData("""{"subscription":{"id":"\ud800"}}""")]
    [InlineData("""{"subscription":{"\udc00":1}}""")]
    public void OrderKey_KeyEscapedIntoNoUnicodeString_IsUnordered(string body)
    {
        // OrderKey reads only the body: the route's target is never reached.
        var route = new Route("r", "s", [], target: null!, JsonPointer.TryParse("/subscription/id"), concurrency: 1);

        Assert.Null(route.OrderKey(System.Text.Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void OrderKey_StringKey_IsTheKey()
    {
        var route = new Route("r", "s", [], target: null!, JsonPointer.TryParse("/subscription/id"), concurrency: 1);

        Assert.Equal("sub_1", route.OrderKey("""{"subscription":{"id":"sub_1"}}"""u8.ToArray()));
    }
}
