namespace Hookbox;

/// <summary>Every signature scheme Hookbox knows, in the order messages list them, found by the name configuration uses.</summary>
internal static class WebhookSchemes
{
    /// <summary>Every scheme; registering one here is all it takes for configuration, serve, send and verify to know it.</summary>
    public static IReadOnlyList<WebhookScheme> All { get; } =
    [
        new PocketsflowScheme(),
        new StandardWebhooksScheme(),
        new StripeScheme(),
        new GitHubScheme(),
        new HmacScheme(),
    ];

    /// <summary>The scheme configuration calls <paramref name="name"/>, in any case; null when there is none.</summary>
    public static WebhookScheme? Find(string? name)
    {
        foreach (var scheme in All)
        {
            if (scheme.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                return scheme;
        }

        return null;
    }
}
