namespace Hookbox;

/// <summary>One source whose sender's API is looked up: its settings, its sender, and which window a look covers.</summary>
internal sealed class CatchUpSource(string name, string schemeName, CatchUpOptions options, TimeSpan maxAge, ICatchUpSender sender)
{
    /// <summary>The source's name, as events are stored under it.</summary>
    public string Name { get; } = name;

    public string SchemeName { get; } = schemeName;

    public CatchUpOptions Options { get; } = options;

    public ICatchUpSender Sender { get; } = sender;

    /// <summary>How far back a look may reach: the sender's retention.</summary>
    public TimeSpan MaxAge { get; } = maxAge;

    /// <summary>
    /// The window a look starting <paramref name="now"/> covers: from <paramref name="since"/> when
    /// asked, else from where the last completed look ended less the overlap, else (the very first
    /// look) the overlap before now; never further back than MaxAge. It ends a settling time before
    /// now, leaving events whose webhooks are still on their way to the next look.
    /// </summary>
    public CatchUpWindow Window(DateTimeOffset now, DateTimeOffset? cursor, DateTimeOffset? since)
    {
        var start = since ?? (cursor ?? now) - Options.Overlap;
        var oldest = now - MaxAge;
        if (start < oldest)
            start = oldest;

        var end = now - Options.Settle;
        return new CatchUpWindow(start, end < start ? start : end);
    }
}
