namespace Hookbox.Testing;

/// <summary>Waits for background work by asking again until it is done or a deadline passes: never a fixed sleep.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task UntilAsync(Func<Task<bool>> condition, string description, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0} s waiting for {description}.");

            await Task.Delay(Interval, cancellationToken);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string description, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), description, cancellationToken, timeout);
}
