namespace Hookbox;

/// <summary>
/// A look's counts as it goes. Written by the look alone; read (a moment stale at worst) by
/// whoever lists the runs while it is running.
/// </summary>
internal sealed class CatchUpTally(string source, string trigger, DateTimeOffset startedAt)
{
    private CatchUpWindow _window = new(startedAt, startedAt);
    private int _seen;
    private int _present;
    private int _recovered;
    private int _malformed;
    private DateTimeOffset? _firstRecovered;
    private DateTimeOffset? _lastRecovered;

    public string Source { get; } = source;

    public string Trigger { get; } = trigger;

    public CatchUpWindow Window => _window;

    public void Begin(CatchUpWindow window) => _window = window;

    public void Seen(int count) => Interlocked.Add(ref _seen, count);

    public void Present(int count) => Interlocked.Add(ref _present, count);

    public void Malformed(int count) => Interlocked.Add(ref _malformed, count);

    public void Recovered(DateTimeOffset? occurredAt)
    {
        Interlocked.Increment(ref _recovered);
        if (occurredAt is { } at)
        {
            _firstRecovered = _firstRecovered is { } first && first <= at ? first : at;
            _lastRecovered = _lastRecovered is { } last && last >= at ? last : at;
        }
    }

    /// <summary>What the recovered events span, or null when there were none.</summary>
    public CatchUpGap? Gap => _recovered == 0 ? null : new CatchUpGap(_recovered, _firstRecovered ?? _window.Start, _lastRecovered ?? _window.End);

    /// <summary>The run as it stands: unfinished until <paramref name="finishedAt"/> is given.</summary>
    public CatchUpRun Snapshot(DateTimeOffset? finishedAt = null, string? error = null) => new(
        Source,
        startedAt,
        finishedAt,
        _window.Start,
        _window.End,
        Volatile.Read(ref _seen),
        Volatile.Read(ref _present),
        Volatile.Read(ref _recovered),
        Volatile.Read(ref _malformed),
        error,
        Trigger);
}
