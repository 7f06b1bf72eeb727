namespace Hookbox;

/// <summary>
/// What a generic HMAC sender signs: a template such as <c>{body}</c> or
/// <c>{timestamp}.{body}</c>, where <c>{body}</c> stands for the raw body bytes (exactly once)
/// and <c>{timestamp}</c> for the timestamp header's value as sent.
/// </summary>
internal sealed class SignedContentTemplate
{
    public const string Body = "{body}";
    public const string Timestamp = "{timestamp}";

    private readonly string _before;
    private readonly string _after;

    private SignedContentTemplate(string before, string after)
    {
        _before = before;
        _after = after;
    }

    /// <summary>True when the timestamp is part of what is signed.</summary>
    public bool SignsTimestamp => _before.Contains(Timestamp, StringComparison.Ordinal) || _after.Contains(Timestamp, StringComparison.Ordinal);

    /// <summary>Parses a template; null when <c>{body}</c> does not appear exactly once.</summary>
    public static SignedContentTemplate? TryParse(string template)
    {
        var at = template.IndexOf(Body, StringComparison.Ordinal);
        if (at < 0 || template.IndexOf(Body, at + Body.Length, StringComparison.Ordinal) >= 0)
            return null;

        return new SignedContentTemplate(template[..at], template[(at + Body.Length)..]);
    }

    public string Before(string? timestamp) => _before.Replace(Timestamp, timestamp, StringComparison.Ordinal);

    public string After(string? timestamp) => _after.Replace(Timestamp, timestamp, StringComparison.Ordinal);
}
