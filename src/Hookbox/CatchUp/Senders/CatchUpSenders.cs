namespace Hookbox;

/// <summary>The senders catch-up knows, by scheme: their settings checked at start, and each built for its source.</summary>
internal static class CatchUpSenders
{
    /// <summary>Checks the settings only one kind of sender has (GitHub's hook, an events list's pointers).</summary>
    public static void Validate(string key, string schemeName, CatchUpOptions options, ICollection<string> errors)
    {
        switch (schemeName)
        {
            case SchemeNames.GitHub:
                if (string.IsNullOrWhiteSpace(options.Hook))
                    errors.Add($"{key}:Hook is not set; set it to the webhook whose deliveries are read, repos/{{owner}}/{{repo}}/hooks/{{id}} or orgs/{{org}}/hooks/{{id}} (the id is in the hook's settings URL)");
                else if (GitHubCatchUpSender.NormalizeHook(options.Hook) is null)
                    errors.Add($"{key}:Hook '{options.Hook}' is not a GitHub webhook's path; write it as repos/{{owner}}/{{repo}}/hooks/{{id}} or orgs/{{org}}/hooks/{{id}}, such as repos/octo-org/shop/hooks/12345678");
                break;
            case SchemeNames.Hmac or SchemeNames.StandardWebhooks:
                _ = EventsListSettings.Read(key, options, errors);
                break;
        }

        // A setting the scheme never reads is a mistake the user would not otherwise see.
        if (schemeName != SchemeNames.GitHub && !string.IsNullOrWhiteSpace(options.Hook))
            errors.Add($"{key}:Hook is read only by the github scheme; remove it from this {schemeName} source");
        if (schemeName is not (SchemeNames.Hmac or SchemeNames.StandardWebhooks) && !string.IsNullOrWhiteSpace(options.ListPath))
            errors.Add($"{key}:ListPath is read only by the hmac and standard-webhooks schemes (a sender's events list); the {schemeName} scheme reads its own API, so remove it");
    }

    /// <summary>The sender of a validated source.</summary>
    public static ICatchUpSender Create(string schemeName, CatchUpOptions options, Uri baseUrl, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        var apiKey = options.ApiKey ?? throw new InvalidOperationException("the source's CatchUp:ApiKey is not set; validate the settings first");
        return schemeName switch
        {
            SchemeNames.Stripe => new StripeCatchUpSender(new CatchUpHttp(http, baseUrl, apiKey)),
            SchemeNames.GitHub => new GitHubCatchUpSender(
                new CatchUpHttp(http, baseUrl, apiKey, GitHubCatchUpSender.Headers),
                GitHubCatchUpSender.NormalizeHook(options.Hook) ?? throw new InvalidOperationException("the source's CatchUp:Hook is not a GitHub webhook's path; validate the settings first")),
            SchemeNames.Pocketsflow => new PocketsflowCatchUpSender(new CatchUpHttp(http, baseUrl, apiKey)),
            SchemeNames.Hmac or SchemeNames.StandardWebhooks => new EventsListCatchUpSender(
                new CatchUpHttp(http, baseUrl, apiKey),
                EventsListSettings.Read("CatchUp", options, new List<string>()) ?? throw new InvalidOperationException("the source's events list settings are not valid; validate the settings first")),
            _ => throw new NotSupportedException($"catch-up has no sender for the {schemeName} scheme"),
        };
    }
}
