namespace Hookbox.Tests.Schemes;

public sealed class WebhookSchemesTests
{
    [Fact]
    public void All_IsEverySchemeNameOnceInTheOrderMessagesListThem()
    {
        Assert.Equal(
            [SchemeNames.Pocketsflow, SchemeNames.StandardWebhooks, SchemeNames.Stripe, SchemeNames.GitHub, SchemeNames.Hmac],
            WebhookSchemes.All.Select(s => s.Name));
        Assert.Equal(WebhookSchemes.All.Select(s => s.Name), SchemeNames.All);
    }

    [Theory]
    [InlineData("stripe", typeof(StripeScheme))]
    [InlineData("Standard-Webhooks", typeof(StandardWebhooksScheme))]
    [InlineData("GITHUB", typeof(GitHubScheme))]
    public void Find_NameInAnyCase_IsThatScheme(string name, Type expected) =>
        Assert.IsType(expected, WebhookSchemes.Find(name));

    [Theory]
    [InlineData("paypal")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_NoSuchScheme_IsNull(string? name) => Assert.Null(WebhookSchemes.Find(name));

    [Fact]
    public void SignedTimestampSetting_OnPocketsflowOnly_AndTheMessageSaysSo()
    {
        var options = new SourceOptions { Scheme = SchemeNames.Stripe, SignedTimestamp = true };
        options.Secrets.Add("whsec_x");

        var errors = TestSources.Errors("stripe", options);

        Assert.Equal([SchemeNames.Pocketsflow], WebhookSchemes.All.Where(s => s.HasSignedTimestampSetting).Select(s => s.Name));
        Assert.Contains("Hookbox:Sources:stripe:SignedTimestamp applies to the pocketsflow scheme only; for hmac set SignedContent to '{timestamp}.{body}'", errors);
    }
}
