namespace Hookbox;

/// <summary>An event type pattern of a route: <c>*</c>, <c>prefix.*</c> or an exact type.</summary>
internal sealed class EventPattern
{
    private readonly string _text;
    private readonly bool _prefix;

    private EventPattern(string text, bool prefix)
    {
        _text = text;
        _prefix = prefix;
    }

    /// <summary>Parses a pattern; null when a <c>*</c> appears anywhere but at the end after a dot, or alone.</summary>
    public static EventPattern? TryParse(string pattern)
    {
        pattern = pattern.Trim();
        if (pattern == "*")
            return new EventPattern("", prefix: true);

        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
            return pattern.Length > 0 ? new EventPattern(pattern, prefix: false) : null;

        return star == pattern.Length - 1 && pattern.EndsWith(".*", StringComparison.Ordinal) && pattern.Length > 2
            ? new EventPattern(pattern[..^1], prefix: true)
            : null;
    }

    public bool Matches(string eventType) => _prefix
        ? eventType.StartsWith(_text, StringComparison.Ordinal)
        : string.Equals(eventType, _text, StringComparison.Ordinal);
}
