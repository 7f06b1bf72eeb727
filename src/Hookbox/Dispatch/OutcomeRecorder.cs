using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>
/// Records attempts' outcomes in batches, as group commit does for events: what came in while
/// the last batch was written goes in the next, up to 256 at a time. An outcome that cannot be
/// recorded leaves its lease to expire, and its delivery runs again: at least once, never lost.
/// </summary>
internal sealed class OutcomeRecorder(IDeliveryLeases leases, ILogger logger)
{
    public const int MaxOutcomesPerCommit = 256;

    private readonly Channel<DeliveryOutcome> _outcomes = Channel.CreateUnbounded<DeliveryOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private Task _recording = Task.CompletedTask;

    public void Start() => _recording = Task.Run(RecordAsync, CancellationToken.None);

    /// <summary>Queues an outcome; after <see cref="StopAsync"/> it is dropped, saying so.</summary>
    public void Record(DeliveryOutcome outcome)
    {
        if (!_outcomes.Writer.TryWrite(outcome))
            DispatchLog.OutcomeDropped(logger, outcome.Route, outcome.Status);
    }

    /// <summary>Takes no more outcomes, and records those queued, waiting at most <paramref name="letGo"/>.</summary>
    public async Task StopAsync(TimeSpan letGo, TimeProvider timeProvider)
    {
        _outcomes.Writer.TryComplete();
        await _recording.WaitAsync(letGo, timeProvider, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RecordAsync()
    {
        var batch = new List<DeliveryOutcome>(MaxOutcomesPerCommit);
        var reader = _outcomes.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxOutcomesPerCommit && reader.TryRead(out var outcome))
                batch.Add(outcome);

            try
            {
                await leases.CompleteAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The loop's boundary: unrecorded outcomes leave their leases to expire, and
                // those deliveries run again (at least once, never lost).
                DispatchLog.RecordFailed(logger, batch.Count, ex);
            }

            batch.Clear();
        }
    }
}
