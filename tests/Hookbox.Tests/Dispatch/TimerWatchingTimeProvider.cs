using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.Tests.Dispatch;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that notes the wait of each one-shot timer made on it (a
/// timed <see cref="CancellationTokenSource"/>, a <c>Task.Delay</c>), once the timer is set: a test
/// then knows a loop has gone to sleep, and for how long, before it moves the clock on.
/// Periodic timers (the SQLite checkpointer's) are left out.
/// </summary>
internal sealed class TimerWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>The due time of each one-shot timer made so far, in order.</summary>
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan)
            Waits.Enqueue(dueTime);

        return timer;
    }
}
