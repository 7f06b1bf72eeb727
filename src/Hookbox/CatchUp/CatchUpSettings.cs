namespace Hookbox;

/// <summary>
/// The catch-up settings every sender shares: validated at start with the rest of a source, and
/// each scheme's defaults (its public API, how far back it keeps events).
/// </summary>
internal static class CatchUpSettings
{
    /// <summary>How far back a look may ever reach, whatever MaxAge says.</summary>
    public static readonly TimeSpan LongestMaxAge = TimeSpan.FromDays(90);

    public static void Validate(string key, WebhookScheme scheme, CatchUpOptions options, ICollection<string> errors)
    {
        // The key is never echoed: only whether it is there and well formed.
        if (string.IsNullOrWhiteSpace(options.ApiKey))
            errors.Add($"{key}:ApiKey is not set; set it to an API key of the sender's that can read its events");
        else if (options.ApiKey.Trim().Length != options.ApiKey.Length)
            errors.Add($"{key}:ApiKey starts or ends with whitespace; remove it (a copied newline would make every look fail)");

        if (options.BaseUrl is null && scheme.CatchUpBaseUrl is null)
            errors.Add($"{key}:BaseUrl is not set; the {scheme.Name} scheme has no public API of its own, so name the sender's, such as https://api.example.com");
        else if (options.BaseUrl is { } baseUrl && !AbsoluteUri.TryCreateHttp(baseUrl.Trim(), out _))
            errors.Add($"{key}:BaseUrl '{DestinationUrl.Redact(baseUrl)}' must be an absolute http:// or https:// URL, such as https://api.stripe.com");

        if (options.Every < TimeSpan.FromSeconds(10) || options.Every > TimeSpan.FromDays(1))
            errors.Add($"{key}:Every must be between 00:00:10 and 1.00:00:00, such as 00:15:00, not {options.Every}");

        var maxAge = MaxAge(scheme, options);
        if (maxAge <= TimeSpan.Zero || maxAge > LongestMaxAge)
            errors.Add($"{key}:MaxAge must be more than zero and at most {LongestMaxAge.Days}.00:00:00, such as 3.00:00:00, not {maxAge}");

        if (options.Overlap < TimeSpan.Zero || options.Overlap > maxAge)
            errors.Add($"{key}:Overlap must be between 00:00:00 and MaxAge ({maxAge}), not {options.Overlap}");

        if (options.Settle < TimeSpan.Zero || options.Settle > TimeSpan.FromHours(1))
            errors.Add($"{key}:Settle must be between 00:00:00 and 01:00:00, not {options.Settle}");

        if (options.RequestTimeout < TimeSpan.FromSeconds(1) || options.RequestTimeout > TimeSpan.FromMinutes(5))
            errors.Add($"{key}:RequestTimeout must be between 00:00:01 and 00:05:00, not {options.RequestTimeout}");

        if (options.RunTimeout < options.RequestTimeout || options.RunTimeout > TimeSpan.FromDays(1))
            errors.Add($"{key}:RunTimeout must be at least RequestTimeout ({options.RequestTimeout}) and at most 1.00:00:00, not {options.RunTimeout}");

        scheme.ValidateCatchUp(key, options, errors);
    }

    /// <summary>The address a source's looks ask, without a trailing slash.</summary>
    public static Uri BaseUrl(WebhookScheme scheme, CatchUpOptions options) =>
        new((options.BaseUrl?.Trim() ?? scheme.CatchUpBaseUrl!).TrimEnd('/'), UriKind.Absolute); // validated at start

    /// <summary>How far back a look may reach: the setting, else the sender's retention.</summary>
    public static TimeSpan MaxAge(WebhookScheme scheme, CatchUpOptions options) => options.MaxAge ?? scheme.CatchUpMaxAge;

    /// <summary>The sender a validated source's looks read.</summary>
    public static ICatchUpSender CreateSender(WebhookScheme scheme, CatchUpOptions options, HttpClient http) =>
        scheme.CreateCatchUpSender(
            options,
            BaseUrl(scheme, options),
            http,
            options.ApiKey ?? throw new InvalidOperationException("the source's CatchUp:ApiKey is not set; validate the settings first"));
}
