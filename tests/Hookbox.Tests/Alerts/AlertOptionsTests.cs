using Microsoft.Extensions.Configuration;

namespace Hookbox.Tests.Alerts;

/// <summary>Alert settings are checked at start, each failure naming its key.</summary>
public sealed class AlertOptionsTests
{
    private static List<string> Errors(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
                .Append(new("Hookbox:Sources:pocketsflow:Secrets:0", "whsec_test"))).Build();
        var options = new HookboxOptions();
        configuration.GetSection(HookboxOptions.SectionName).Bind(options);
        var result = new HookboxOptionsValidator(configuration).Validate(null, options);
        return result.Failures?.ToList() ?? [];
    }

    [Fact]
    public void Defaults_AreValidAndAsDocumented()
    {
        var alerts = new AlertOptions();

        Assert.Empty(Errors());
        Assert.Equal(
            (true, TimeSpan.FromMinutes(5), 0.1, 10, TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromSeconds(15), (string?)null),
            (alerts.Enabled, alerts.Window, alerts.Threshold, alerts.MinEvents, alerts.OldestPending, alerts.Cooldown, alerts.EvaluateEvery, alerts.WebhookUrl));
    }

    [Theory]
    [InlineData("Threshold", "0", "Hookbox:Alerts:Threshold must be a fraction more than 0 and at most 1 (0.1 is 10%), not 0")]
    [InlineData("Threshold", "10", "Hookbox:Alerts:Threshold must be a fraction more than 0 and at most 1 (0.1 is 10%), not 10")]
    [InlineData("Window", "00:00:00", "Hookbox:Alerts:Window must be more than zero")]
    [InlineData("MinEvents", "0", "Hookbox:Alerts:MinEvents must be 1 or more, not 0")]
    [InlineData("OldestPending", "-00:01:00", "Hookbox:Alerts:OldestPending must be more than zero")]
    [InlineData("Cooldown", "00:00:00", "Hookbox:Alerts:Cooldown must be more than zero")]
    [InlineData("EvaluateEvery", "00:10:00", "Hookbox:Alerts:EvaluateEvery must be at least 00:00:01 and at most Window (00:05:00)")]
    [InlineData("WebhookUrl", "hooks.slack.com/services/T0/B0/secret", "Hookbox:Alerts:WebhookUrl must be an absolute http:// or https:// URL")]
    [InlineData("WebhookUrl", "ftp://hooks.example.com/x", "Hookbox:Alerts:WebhookUrl must be an absolute http:// or https:// URL")]
    [InlineData("Treshold", "0.2", "Hookbox:Alerts:Treshold is not a Hookbox setting; check its spelling")]
    public void Validate_BadAlertSetting_NamesTheKey(string key, string value, string expected)
    {
        var errors = Errors(($"Hookbox:Alerts:{key}", value));

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("secret", e, StringComparison.Ordinal)); // a webhook URL carries its credential
    }

    [Fact]
    public void Check_ThresholdAsAPercentage_NamesTheKeyAndTheForm()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Hookbox:Alerts:Threshold", "10%")]).Build();
        var errors = new List<string>();

        ConfigurationKeyCheck.Check(configuration.GetSection(HookboxOptions.SectionName), typeof(HookboxOptions), errors);

        Assert.Equal(["Hookbox:Alerts:Threshold '10%' is not a valid number such as 0.25"], errors);
    }

    [Fact]
    public void Validate_HttpsWebhookUrl_IsAccepted() =>
        Assert.Empty(Errors(("Hookbox:Alerts:WebhookUrl", "https://hooks.slack.com/services/T0/B0/x")));
}
