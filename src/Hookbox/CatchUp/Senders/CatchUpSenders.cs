namespace Hookbox;

/// <summary>The senders catch-up knows, by scheme: their settings checked at start, and each built for its source.</summary>
internal static class CatchUpSenders
{
    /// <summary>Checks the settings only one kind of sender has (GitHub's hook, an events list's pointers).</summary>
    public static void Validate(string key, string schemeName, CatchUpOptions options, ICollection<string> errors)
    {
        _ = key;
        _ = schemeName;
        _ = options;
        _ = errors;
    }

    /// <summary>The sender of a validated source.</summary>
    public static ICatchUpSender Create(string schemeName, CatchUpOptions options, Uri baseUrl, HttpClient http)
    {
        _ = options;
        _ = baseUrl;
        _ = http;
        throw new NotSupportedException($"catch-up for the {schemeName} scheme is being written");
    }
}
