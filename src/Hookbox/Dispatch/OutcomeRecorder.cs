using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>
/// Records attempts' outcomes in batches, as group commit does for events. The first outcome of
/// a batch waits <c>linger</c> for others, unless a whole batch is already queued, and what came
/// in meanwhile goes in with it, up to 256 at a time. An outcome that cannot be recorded leaves
/// its lease to expire, and its delivery runs again: at least once, never lost.
/// </summary>
/// <remarks>
/// Nobody waits on an outcome's write, but each write is a transaction, with its statements and
/// locks and the pages of its deliveries and events: recorded as they came, a busy route's
/// outcomes went in eight at a time (its slots), and lingering a few milliseconds makes that tens
/// (bench/RESULTS.md). <see cref="StopAsync"/> cuts the wait short. The linger is measured on
/// <c>clock</c>.
/// </remarks>
internal sealed class OutcomeRecorder(IDeliveryLeases leases, TimeSpan linger, TimeProvider clock, ILogger logger)
{
    public const int MaxOutcomesPerCommit = 256;

    /// <summary>How long the dispatcher's first outcome of a batch waits for others.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(10);

    private readonly Channel<DeliveryOutcome> _outcomes = Channel.CreateUnbounded<DeliveryOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _recording = Task.CompletedTask;

    // Queued and not yet taken into a batch; this channel's reader cannot count.
    private int _queued;

    public void Start() => _recording = Task.Run(RecordAsync, CancellationToken.None);

    /// <summary>Queues an outcome; after <see cref="StopAsync"/> it is dropped, saying so.</summary>
    public void Record(DeliveryOutcome outcome)
    {
        // Counted first, so the count never falls below what the reader can take.
        Interlocked.Increment(ref _queued);
        if (!_outcomes.Writer.TryWrite(outcome))
        {
            Interlocked.Decrement(ref _queued);
            DispatchLog.OutcomeDropped(logger, outcome.Route, outcome.Status);
        }
    }

    /// <summary>Takes no more outcomes, and records those queued at once, waiting at most <paramref name="letGo"/>.</summary>
    public async Task StopAsync(TimeSpan letGo, TimeProvider timeProvider)
    {
        _outcomes.Writer.TryComplete();
        _stopped.TrySetResult();
        await _recording.WaitAsync(letGo, timeProvider, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RecordAsync()
    {
        var batch = new List<DeliveryOutcome>(MaxOutcomesPerCommit);
        var reader = _outcomes.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            // A full batch already queued goes at once: lingering then would only cap the rate.
            if (linger > TimeSpan.Zero && Volatile.Read(ref _queued) < MaxOutcomesPerCommit && !_stopped.Task.IsCompleted)
                await Task.WhenAny(Task.Delay(linger, clock, CancellationToken.None), _stopped.Task).ConfigureAwait(false);

            while (batch.Count < MaxOutcomesPerCommit && reader.TryRead(out var outcome))
                batch.Add(outcome);

            Interlocked.Add(ref _queued, -batch.Count);
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
