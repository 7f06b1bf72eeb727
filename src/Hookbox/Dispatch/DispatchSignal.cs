using System.Threading.Channels;

namespace Hookbox;

/// <summary>
/// Wakes the dispatcher: rung by the inbox writer when a commit brought new deliveries, and by
/// attempts as they finish, so new events go out within milliseconds of their commit rather
/// than at the next poll.
/// </summary>
internal sealed class DispatchSignal(TimeProvider timeProvider) : IDispatchWakeUp
{
    private readonly Channel<byte> _bell = Channel.CreateBounded<byte>(new BoundedChannelOptions(1)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public void Ring() => _bell.Writer.TryWrite(0);

    /// <summary>Waits for a ring (one that came while nobody waited counts) or for <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_bell.Reader.TryRead(out _))
            return;

        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _bell.Reader.WaitToReadAsync(either.Token).ConfigureAwait(false);
            _bell.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Timed out: time to look for deliveries that came due.
        }
    }
}
