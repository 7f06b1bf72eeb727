namespace Hookbox;

/// <summary>
/// When a failed delivery runs again: the initial delay doubled for each attempt so far, capped,
/// and spread by jitter between half and all of it, so a destination that comes back is not
/// hit by every waiting delivery at the same moment.
/// </summary>
internal sealed class RetrySchedule(DispatchOptions options, Func<double> random)
{
    public RetrySchedule(DispatchOptions options)
        : this(options, Random.Shared.NextDouble)
    {
    }

    public int MaxAttempts => options.MaxAttempts;

    /// <summary>True when an attempt numbered <paramref name="attempt"/> that failed was the last one allowed.</summary>
    public bool IsLast(int attempt) => attempt >= options.MaxAttempts;

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1 for the first).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var capped = Math.Min(options.InitialDelay.Ticks * Math.Pow(2, exponent), options.MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.5 + (0.5 * random()))));
    }
}
