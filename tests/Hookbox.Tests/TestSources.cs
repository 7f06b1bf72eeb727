namespace Hookbox.Tests;

/// <summary>Builds sources through the same factory configuration validation uses.</summary>
internal static class TestSources
{
    public static WebhookSource Create(string scheme, params string[] secrets) => Create(scheme, _ => { }, secrets);

    public static WebhookSource Create(string scheme, Action<SourceOptions> configure, params string[] secrets)
    {
        var options = new SourceOptions { Scheme = scheme };
        options.Secrets.AddRange(secrets);
        configure(options);
        var errors = new List<string>();
        var source = WebhookSourceFactory.TryCreate("test", options, errors);
        Assert.Empty(errors);
        return Assert.IsType<WebhookSource>(source);
    }

    public static List<string> Errors(string name, SourceOptions options)
    {
        var errors = new List<string>();
        WebhookSourceFactory.TryCreate(name, options, errors);
        return errors;
    }

    public static ReceivedHeaders Headers(params (string Name, string Value)[] headers) =>
        new(headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));
}
