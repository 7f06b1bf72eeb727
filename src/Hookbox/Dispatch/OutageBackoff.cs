namespace Hookbox;

/// <summary>
/// How long the lease loop waits while the store is down: each look that finds it so waits twice
/// as long as the last, from <paramref name="first"/> up to <paramref name="limit"/>, so an outage
/// is not met with a storm of failing queries. A look that works starts it afresh.
/// </summary>
internal sealed class OutageBackoff(TimeSpan first, TimeSpan limit)
{
    private TimeSpan _wait = TimeSpan.Zero;

    /// <summary>The wait after one more failed look.</summary>
    public TimeSpan Next()
    {
        _wait = _wait == TimeSpan.Zero ? first : TimeSpan.FromTicks(Math.Min(_wait.Ticks * 2, limit.Ticks));
        return _wait;
    }

    /// <summary>The store answered: the next outage starts at the first wait again.</summary>
    public void Reset() => _wait = TimeSpan.Zero;
}
