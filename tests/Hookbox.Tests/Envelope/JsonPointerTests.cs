using System.Text.Json;

namespace Hookbox.Tests.Envelope;

public sealed class JsonPointerTests
{
    [Theory]
    [InlineData("/a~1b", "slash")]
    [InlineData("/m~0n", "tilde")]
    [InlineData("/list/1/id", "second")]
    public void TryEvaluate_Rfc6901Escapes_FindTheValue(string pointer, string expected)
    {
        using var document = JsonDocument.Parse("""{"a/b":"slash","m~n":"tilde","list":[{"id":"first"},{"id":"second"}]}""");

        Assert.True(JsonPointer.TryParse(pointer)!.TryEvaluate(document.RootElement, out var value));
        Assert.Equal(expected, value.GetString());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("/bad~2escape")]
    [InlineData("/")]
    [InlineData("")]
    public void TryParse_NotAPointer_IsNull(string text) => Assert.Null(JsonPointer.TryParse(text));

    [Fact]
    public void TryEvaluate_PathNotInDocument_IsFalse()
    {
        using var document = JsonDocument.Parse("""{"list":[1]}""");

        Assert.False(JsonPointer.TryParse("/list/5")!.TryEvaluate(document.RootElement, out _));
        Assert.False(JsonPointer.TryParse("/list/x")!.TryEvaluate(document.RootElement, out _));
        Assert.False(JsonPointer.TryParse("/missing")!.TryEvaluate(document.RootElement, out _));
    }

    // Found by JsonPointerProperties (issue 11): a configured pointer holding a lone surrogate parsed, then threw ArgumentException at each lookup.
    [Fact]
    public void TryParse_LoneSurrogate_IsNull()
    {
        Assert.Null(JsonPointer.TryParse("/data/\ud800"));
        Assert.Null(JsonPointer.TryParse("/\udc00x"));
        Assert.NotNull(JsonPointer.TryParse("/\ud83d\ude00"));
    }

    // Found by JsonPointerProperties (issue 11): the lookup threw InvalidOperationException out of the envelope reader.
    [Fact]
    public void TryEvaluate_PropertyNameEscapedIntoNoUnicodeString_IsFalse()
    {
        using var document = JsonDocument.Parse("""{"\ud800":1,"data":{"\udc00x":2}}""");

        Assert.False(JsonPointer.TryParse("/id")!.TryEvaluate(document.RootElement, out _));
        Assert.False(JsonPointer.TryParse("/data/id")!.TryEvaluate(document.RootElement, out _));
    }
}
