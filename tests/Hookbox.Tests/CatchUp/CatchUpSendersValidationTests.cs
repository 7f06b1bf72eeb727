namespace Hookbox.Tests.CatchUp;

/// <summary>A scheme's catch-up settings are checked at start, each message naming its full key and never the API key.</summary>
public sealed class CatchUpSendersValidationTests
{
    private const string ApiKey = "sk_live_never_shown_123";

    private static List<string> Errors(string scheme, Action<CatchUpOptions> configure)
    {
        var catchUp = new CatchUpOptions { ApiKey = ApiKey, BaseUrl = "https://api.example.com" };
        configure(catchUp);
        var options = new SourceOptions { Scheme = scheme, CatchUp = catchUp, SignatureHeader = scheme == "hmac" ? "X-Signature" : null };
        options.Secrets.Add("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var errors = TestSources.Errors(scheme, options);
        Assert.All(errors, e => Assert.DoesNotContain(ApiKey, e, StringComparison.Ordinal));
        return errors;
    }

    [Fact]
    public void Validate_GitHubWithoutHook_NamesTheKey()
    {
        var error = Assert.Single(Errors("github", _ => { }));

        Assert.StartsWith("Hookbox:Sources:github:CatchUp:Hook is not set", error, StringComparison.Ordinal);
        Assert.Contains("repos/{owner}/{repo}/hooks/{id}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("octo-org/shop")]
    [InlineData("repos/octo-org/shop/hooks/abc")]
    [InlineData("repos/octo-org/shop/hooks")]
    [InlineData("repos/../shop/hooks/1")]
    [InlineData("https://api.github.com/repos/octo-org/shop/hooks/1")]
    [InlineData("orgs/octo-org/hooks/1?x=1")]
    [InlineData("users/octo/hooks/1")]
    public void Validate_GitHubMalformedHook_NamesTheKeyAndTheValue(string hook)
    {
        var error = Assert.Single(Errors("github", o => o.Hook = hook));

        Assert.StartsWith($"Hookbox:Sources:github:CatchUp:Hook '{hook}' is not a GitHub webhook's path", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("repos/octo-org/shop/hooks/12345678", "repos/octo-org/shop/hooks/12345678")]
    [InlineData("/orgs/octo-org/hooks/42/", "orgs/octo-org/hooks/42")]
    [InlineData("repos/octo.org/my_repo.js/hooks/1", "repos/octo.org/my_repo.js/hooks/1")]
    public void Validate_GitHubHook_IsAcceptedAndNormalized(string hook, string normalized)
    {
        Assert.Empty(Errors("github", o => o.Hook = hook));
        Assert.Equal(normalized, GitHubCatchUpSender.NormalizeHook(hook));
    }

    [Fact]
    public void Validate_HookOnAnotherScheme_IsRefused()
    {
        var error = Assert.Single(Errors("stripe", o => o.Hook = "repos/a/b/hooks/1"));

        Assert.StartsWith("Hookbox:Sources:stripe:CatchUp:Hook is read only by the github scheme", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hmac")]
    [InlineData("standard-webhooks")]
    public void Validate_PaddlesShape_IsValid(string scheme) => Assert.Empty(Errors(scheme, CatchUpTesting.PaddleBilling));

    [Fact]
    public void Validate_EventsListWithNothingSet_NamesEveryRequiredKey()
    {
        var errors = Errors("hmac", _ => { });

        Assert.Contains(errors, e => e.StartsWith("Hookbox:Sources:hmac:CatchUp:ListPath is not set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hookbox:Sources:hmac:CatchUp:TypePointer is not set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hookbox:Sources:hmac:CatchUp:TimePointer is not set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hookbox:Sources:hmac:CatchUp:CursorParameter is not set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ItemsPointer")]
    [InlineData("IdPointer")]
    [InlineData("TypePointer")]
    [InlineData("TimePointer")]
    [InlineData("CursorPointer")]
    [InlineData("HasMorePointer")]
    [InlineData("PayloadPointer")]
    public void Validate_APointerThatIsNotOne_NamesItsKey(string setting)
    {
        var errors = Errors("hmac", o =>
        {
            CatchUpTesting.PaddleBilling(o);
            typeof(CatchUpOptions).GetProperty(setting)!.SetValue(o, "data/id");
        });

        Assert.StartsWith($"Hookbox:Sources:hmac:CatchUp:{setting} 'data/id' is not a JSON pointer; write it like /", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AnUnknownSinceFormat_NamesTheKeyAndTheChoices()
    {
        var error = Assert.Single(Errors("hmac", o =>
        {
            CatchUpTesting.PaddleBilling(o);
            o.SinceParameter = "since";
            o.SinceFormat = "rfc1123";
        }));

        Assert.Equal("Hookbox:Sources:hmac:CatchUp:SinceFormat 'rfc1123' is not supported; use unix, unix-ms or iso8601", error);
    }

    [Theory]
    [InlineData("events")]
    [InlineData("https://api.example.com/events")]
    [InlineData("/events#x")]
    public void Validate_AListPathThatIsNotAPath_NamesTheKey(string path)
    {
        var error = Assert.Single(Errors("hmac", o =>
        {
            CatchUpTesting.PaddleBilling(o);
            o.ListPath = path;
        }));

        Assert.StartsWith($"Hookbox:Sources:hmac:CatchUp:ListPath '{path}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Validate_APageSizeOutOfRange_NamesTheKey(int size)
    {
        var error = Assert.Single(Errors("hmac", o =>
        {
            CatchUpTesting.PaddleBilling(o);
            o.PageSize = size;
        }));

        Assert.StartsWith("Hookbox:Sources:hmac:CatchUp:PageSize must be between 1 and 1000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ASinceParameter_MakesTheTimePointerOptional()
    {
        Assert.Empty(Errors("hmac", o =>
        {
            CatchUpTesting.PaddleBilling(o);
            o.TimePointer = null;
            o.SinceParameter = "created[gte]";
        }));
    }

    [Fact]
    public void Validate_AQueryParameterWithSeparators_NamesTheKey()
    {
        var error = Assert.Single(Errors("hmac", o =>
        {
            CatchUpTesting.PaddleBilling(o);
            o.CursorParameter = "after=1&x";
        }));

        Assert.StartsWith("Hookbox:Sources:hmac:CatchUp:CursorParameter 'after=1&x'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stripe")]
    [InlineData("pocketsflow")]
    public void Validate_ListPathOnASchemeWithItsOwnApi_IsRefused(string scheme)
    {
        var error = Assert.Single(Errors(scheme, o => o.ListPath = "/events"));

        Assert.StartsWith($"Hookbox:Sources:{scheme}:CatchUp:ListPath is read only by", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EachScheme_HasItsSender()
    {
        using var http = new HttpClient();
        ICatchUpSender Sender(string scheme, CatchUpOptions options) =>
            WebhookSchemes.Find(scheme)!.CreateCatchUpSender(options, new Uri("https://api.example.com"), http, "k");

        Assert.IsType<StripeCatchUpSender>(Sender("stripe", new CatchUpOptions { ApiKey = "k" }));
        Assert.IsType<GitHubCatchUpSender>(Sender("github", new CatchUpOptions { ApiKey = "k", Hook = "orgs/o/hooks/1" }));
        Assert.IsType<PocketsflowCatchUpSender>(Sender("pocketsflow", new CatchUpOptions { ApiKey = "k" }));
        var generic = new CatchUpOptions { ApiKey = "k" };
        CatchUpTesting.PaddleBilling(generic);
        Assert.IsType<EventsListCatchUpSender>(Sender("hmac", generic));
    }
}
