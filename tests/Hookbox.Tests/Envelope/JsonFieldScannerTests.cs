using System.Text;

namespace Hookbox.Tests.Envelope;

public sealed class JsonFieldScannerTests
{
    private static string?[] Scan(string json, params string[] pointers)
    {
        var scanner = new JsonFieldScanner([.. pointers.Select(p => JsonPointer.TryParse(p)!)], EnvelopeReader.MaxDepth);
        var bytes = Encoding.UTF8.GetBytes(json);
        var found = new JsonFieldValue[scanner.Count];
        Assert.True(scanner.TryScan(bytes, found, out var error), error);
        return [.. found.Select(value => value.Read(bytes))];
    }

    [Fact]
    public void TryScan_SeveralPointers_ReadsEachInOnePass()
    {
        var values = Scan(
            """{"webhookId":"wh_1","event":"order.completed","order":{"id":"ord_1","lines":[{"sku":"a"},{"sku":"b"}]},"amount":4200}""",
            "/webhookId", "/event", "/order/id", "/order/lines/1/sku", "/amount", "/missing", "/order");

        Assert.Equal(new string?[] { "wh_1", "order.completed", "ord_1", "b", "4200", null, null }, values);
    }

    // As a parsed document's lookup answered.
    [Theory]
    [InlineData("""{"id":"a","id":"b"}""", "/id", "b")]
    [InlineData("""{"data":{"id":"a"},"data":{"other":1}}""", "/data/id", null)]
    [InlineData("""{"data":{"other":1},"data":{"id":"b"}}""", "/data/id", "b")]
    [InlineData("""{"data":{"id":"a"},"data":"flat"}""", "/data/id", null)]
    public void TryScan_KeyDefinedTwice_TheLastDefinitionIsRead(string json, string pointer, string? expected) =>
        Assert.Equal(expected, Scan(json, pointer)[0]);

    [Theory]
    [InlineData("""{"id":""}""")]
    [InlineData("""{"id":null}""")]
    [InlineData("""{"id":true}""")]
    [InlineData("""{"id":{"x":"y"}}""")]
    [InlineData("""{"id":["y"]}""")]
    [InlineData("""{"id":"\ud800"}""")]
    [InlineData("""["id"]""")]
    [InlineData("\"id\"")]
    public void TryScan_NoUsableValueAtThePointer_IsNull(string json) => Assert.Null(Scan(json, "/id")[0]);

    // A parsed document's lookup gave up on the whole object when it passed such a key; the scanner compares the names it is asked for.
    [Fact]
    public void TryScan_AnotherKeyEscapedIntoNoUnicodeString_DoesNotHideTheValue() =>
        Assert.Equal("evt_1", Scan("""{"id":"evt_1","\ud800":{}}""", "/id")[0]);

    [Theory]
    [InlineData("")]
    [InlineData("{\"id\":\"a\"")]
    [InlineData("{\"id\":\"a\"}{}")]
    [InlineData("{\"id\":\"a\",}")]
    [InlineData("{\"id\":\"a\"} // no comments")]
    public void TryScan_NotOneJsonDocument_IsRefusedWithTheParsersMessage(string json)
    {
        var scanner = new JsonFieldScanner([JsonPointer.TryParse("/id")!], EnvelopeReader.MaxDepth);
        var found = new JsonFieldValue[1];

        Assert.False(scanner.TryScan(Encoding.UTF8.GetBytes(json), found, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.False(found[0].IsFound);
    }

    [Fact]
    public void TryScan_NestedPastTheLimit_IsRefused()
    {
        var scanner = new JsonFieldScanner([JsonPointer.TryParse("/id")!], maxDepth: 4);
        var found = new JsonFieldValue[1];

        Assert.True(scanner.TryScan("""{"id":"a","x":[[[1]]]}"""u8, found, out _));
        Assert.False(scanner.TryScan("""{"id":"a","x":[[[[1]]]]}"""u8, found, out var error));
        Assert.Contains("depth", error, StringComparison.OrdinalIgnoreCase);
    }
}
