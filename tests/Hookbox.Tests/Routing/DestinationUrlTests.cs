using System.Text;

namespace Hookbox.Tests.Routing;

public sealed class DestinationUrlTests
{
    [Fact]
    public void TryParse_UrlWithCredentials_SendsThemAsBasicAndShowsThemMasked()
    {
        var url = DestinationUrl.TryParse("https://alice:p%40ss@orders.internal:8443/hooks?x=1")!;

        Assert.Equal("https://orders.internal:8443/hooks?x=1", url.Address.AbsoluteUri);
        Assert.Equal("Basic", url.Credentials?.Scheme);
        Assert.Equal("alice:p@ss", Encoding.UTF8.GetString(Convert.FromBase64String(url.Credentials!.Parameter!)));
        Assert.Equal("https://***@orders.internal:8443/hooks?x=1", url.Shown);
        Assert.Equal("https://***@orders.internal:8443", url.ShownAuthority);
        Assert.Equal(url.Shown, url.ToString());
    }

    [Fact]
    public void TryParse_UrlWithoutCredentials_IsShownAsIs()
    {
        var url = DestinationUrl.TryParse("http://127.0.0.1:9000/orders")!;

        Assert.Null(url.Credentials);
        Assert.Equal("http://127.0.0.1:9000/orders", url.Shown);
        Assert.Equal("http://127.0.0.1:9000", url.ShownAuthority);
    }

    [Theory]
    [InlineData("ftp://files.internal/x")]
    [InlineData("/orders")]
    [InlineData("\\\\\u202E")] // Uri.TryCreate throws IndexOutOfRangeException on this one
    public void TryParse_NotAnHttpUrl_IsNull(string text) =>
        Assert.Null(DestinationUrl.TryParse(text));

    [Theory]
    [InlineData("ftp://alice:pw@host/x", "ftp://***@host/x")]
    [InlineData("https://alice:pw@exa mple/x?next=a@b", "https://***@exa mple/x?next=a@b")]
    [InlineData("alice:pw@host/x", "***@host/x")]
    [InlineData("https://a:b@c@host", "https://***@host")]
    [InlineData("https://host/path@x", "https://host/path@x")]
    public void Redact_TextWithCredentials_MasksThem(string text, string expected) =>
        Assert.Equal(expected, DestinationUrl.Redact(text));

    [Fact]
    public void RouteFactory_BadUrlWithCredentials_NamesTheKeyWithoutThem()
    {
        var hookbox = new HookboxOptions();
        hookbox.Sources["pocketsflow"] = new SourceOptions();
        var route = new RouteOptions { Source = "pocketsflow", Url = "ftp://alice:hunter2@files.internal/x", Secret = Signatures.NewStandardWebhooksSecret() };
        route.Events.Add("*");
        var errors = new List<string>();

        RouteFactory.Check([RouteFactory.Configured("orders", route, errors)], hookbox, errors);

        var error = Assert.Single(errors);
        Assert.StartsWith("Hookbox:Routes:orders:Url 'ftp://***@files.internal/x' is not", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }
}
