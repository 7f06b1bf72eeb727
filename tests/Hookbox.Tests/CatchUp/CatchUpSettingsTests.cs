namespace Hookbox.Tests.CatchUp;

/// <summary>A source's CatchUp section is validated at start with the rest: every bad value named by its key, the API key never echoed.</summary>
public sealed class CatchUpSettingsTests
{
    private const string ApiKey = "rk_live_51HsecretKEY";

    private static List<string> Errors(string name, Action<CatchUpOptions> configure, string? scheme = null)
    {
        var options = new SourceOptions { Scheme = scheme };
        options.Secrets.Add("whsec_test");
        options.CatchUp = new CatchUpOptions { ApiKey = ApiKey };
        configure(options.CatchUp);
        return [.. TestSources.Errors(name, options)];
    }

    [Fact]
    public void Defaults_WithAKey_AreValid()
    {
        Assert.Empty(Errors("stripe", _ => { }));
    }

    [Fact]
    public void NoApiKey_NamesTheKey()
    {
        var error = Assert.Single(Errors("stripe", o => o.ApiKey = null));

        Assert.StartsWith("Hookbox:Sources:stripe:CatchUp:ApiKey is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKeyWithANewline_IsRefusedWithoutEchoingIt()
    {
        var error = Assert.Single(Errors("stripe", o => o.ApiKey = ApiKey + "\n"));

        Assert.StartsWith("Hookbox:Sources:stripe:CatchUp:ApiKey starts or ends with whitespace", error, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://api.example.com", "BaseUrl 'ftp://api.example.com' must be an absolute http:// or https:// URL")]
    [InlineData("/v1", "BaseUrl '/v1' must be an absolute http:// or https:// URL")]
    [InlineData("ftp://bot:hunter2@api.example.com/v1", "BaseUrl 'ftp://***@api.example.com/v1' must be an absolute http:// or https:// URL")]
    // Uri.TryCreate throws IndexOutOfRangeException on this one (a UNC start and a bidi override).
    [InlineData("\\\\\u202E", "BaseUrl '\\\\\u202E' must be an absolute http:// or https:// URL")]
    public void BadBaseUrl_NamesTheKey(string url, string expected)
    {
        var error = Assert.Single(Errors("stripe", o => o.BaseUrl = url));

        Assert.Equal("Hookbox:Sources:stripe:CatchUp:" + expected + ", such as https://api.stripe.com", error);
    }

    [Fact]
    public void GenericSenderWithoutBaseUrl_AsksForIt()
    {
        var errors = Errors("acme", o => o.BaseUrl = null, scheme: "hmac");

        Assert.Contains(errors, e => e.StartsWith("Hookbox:Sources:acme:CatchUp:BaseUrl is not set; the hmac scheme has no public API of its own", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Every", "Hookbox:Sources:stripe:CatchUp:Every must be between 00:00:10 and 1.00:00:00")]
    [InlineData("Overlap", "Hookbox:Sources:stripe:CatchUp:Overlap must be between 00:00:00 and MaxAge (30.00:00:00)")]
    [InlineData("MaxAge", "Hookbox:Sources:stripe:CatchUp:MaxAge must be more than zero and at most 90.00:00:00")]
    [InlineData("Settle", "Hookbox:Sources:stripe:CatchUp:Settle must be between 00:00:00 and 01:00:00")]
    [InlineData("RequestTimeout", "Hookbox:Sources:stripe:CatchUp:RequestTimeout must be between 00:00:01 and 00:05:00")]
    public void DurationOutOfRange_NamesTheKey(string setting, string expected)
    {
        var error = Assert.Single(Errors("stripe", o =>
        {
            switch (setting)
            {
                case "Every": o.Every = TimeSpan.FromSeconds(1); break;
                case "Overlap": o.Overlap = TimeSpan.FromDays(31); break;
                case "MaxAge": o.MaxAge = TimeSpan.FromDays(365); o.Overlap = TimeSpan.Zero; break;
                case "Settle": o.Settle = TimeSpan.FromHours(2); break;
                default: o.RequestTimeout = TimeSpan.Zero; break;
            }
        }));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectEventsWithinUnderAMinute_NamesTheKey()
    {
        var options = new SourceOptions { ExpectEventsWithin = TimeSpan.FromSeconds(5) };
        options.Secrets.Add("whsec_test");

        var error = Assert.Single(TestSources.Errors("stripe", options));

        Assert.StartsWith("Hookbox:Sources:stripe:ExpectEventsWithin must be between 00:01:00 and 30.00:00:00", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Window_FirstLook_ReachesBackTheOverlap()
    {
        var source = Source(new CatchUpOptions { Overlap = TimeSpan.FromHours(1), Settle = TimeSpan.FromMinutes(1) });
        var now = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

        var window = source.Window(now, cursor: null, since: null);

        Assert.Equal(new CatchUpWindow(now.AddHours(-1), now.AddMinutes(-1)), window);
    }

    [Fact]
    public void Window_AfterACompletedLook_StartsAnOverlapBeforeItsEnd_CappedByMaxAge()
    {
        var source = Source(new CatchUpOptions { Overlap = TimeSpan.FromHours(1), MaxAge = TimeSpan.FromDays(3), Settle = TimeSpan.Zero });
        var now = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

        var afterShortDowntime = source.Window(now, cursor: now.AddHours(-5), since: null);
        var afterLongDowntime = source.Window(now, cursor: now.AddDays(-10), since: null);
        var asked = source.Window(now, cursor: now.AddHours(-5), since: now.AddDays(-2));

        Assert.Equal(new CatchUpWindow(now.AddHours(-6), now), afterShortDowntime);
        Assert.Equal(new CatchUpWindow(now.AddDays(-3), now), afterLongDowntime);
        Assert.Equal(new CatchUpWindow(now.AddDays(-2), now), asked);
    }

    private static CatchUpSource Source(CatchUpOptions options) =>
        new("stripe", SchemeNames.Stripe, options, CatchUpSettings.MaxAge(new StripeScheme(), options), sender: null!); // the window needs no sender
}
