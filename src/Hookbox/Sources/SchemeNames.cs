namespace Hookbox;

/// <summary>The names of the signature schemes, as configuration spells them.</summary>
public static class SchemeNames
{
    /// <summary>Pocketsflow's hex HMAC-SHA256 of the body.</summary>
    public const string Pocketsflow = "pocketsflow";

    /// <summary>Standard Webhooks (and Svix).</summary>
    public const string StandardWebhooks = "standard-webhooks";

    /// <summary>Stripe's <c>Stripe-Signature</c>.</summary>
    public const string Stripe = "stripe";

    /// <summary>GitHub's <c>X-Hub-Signature-256</c>.</summary>
    public const string GitHub = "github";

    /// <summary>A generic HMAC, configured per source.</summary>
    public const string Hmac = "hmac";

    /// <summary>Every scheme, for messages that list them.</summary>
    public static IReadOnlyList<string> All { get; } = [.. WebhookSchemes.All.Select(s => s.Name)];
}
