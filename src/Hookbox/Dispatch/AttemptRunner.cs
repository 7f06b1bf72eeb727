namespace Hookbox;

/// <summary>
/// Runs one attempt on its target with the attempt timeout. At the timeout the attempt is over
/// for the dispatcher, a failure, even when the target ignores its cancellation token and goes
/// on running: its task comes back unfinished, and the caller decides what it holds meanwhile.
/// </summary>
internal sealed class AttemptRunner(TimeSpan timeout, TimeProvider timeProvider)
{
    public async Task<AttemptRun> RunAsync(IDeliveryTarget target, LeasedDelivery delivery, CancellationToken abandon)
    {
        // The sources live as long as the target runs. Disposed when the attempt returns, they
        // could take a pending cancellation with them: the wait below may resume inline from the
        // timeout's callback, before the callback that cancels the target's token has run, and a
        // target that honours its token would then hang on.
        var timer = new CancellationTokenSource(timeout, timeProvider);
        var attempt = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, abandon);
        var (timedOut, token) = (timer.Token, attempt.Token);
        var started = timeProvider.GetTimestamp();

        // On the thread pool, unless the target says it does not block: a target that computes,
        // or blocks, before its first await must not hold up its caller past the timeout. An HTTP
        // attempt starts here, which spares each delivery a thread hand-off (bench/RESULTS.md).
        var running = target.StartsWithoutBlocking
            ? DeliverHere(target, delivery, token)
            : Task.Run(() => target.DeliverAsync(delivery, token), CancellationToken.None);
        _ = running.ContinueWith(
            static (_, state) =>
            {
                var (linked, timed) = ((CancellationTokenSource, CancellationTokenSource))state!;
                linked.Dispose();
                timed.Dispose();
            },
            (attempt, timer),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        try
        {
            var result = await running.WaitAsync(timedOut).ConfigureAwait(false);
            return new AttemptRun(AttemptEnd.Finished, result, timeProvider.GetElapsedTime(started), running);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested && running.IsCompleted)
        {
            // Stopped by shutdown, not failed.
            return new AttemptRun(AttemptEnd.Abandoned, AttemptResult.Failure("stopped by shutdown"), timeProvider.GetElapsedTime(started), running);
        }
        catch (OperationCanceledException) when (timedOut.IsCancellationRequested)
        {
            var result = AttemptResult.Failure($"timed out after {timeout.TotalSeconds:0.###} s");
            return new AttemptRun(AttemptEnd.TimedOut, result, timeProvider.GetElapsedTime(started), running);
        }
        catch (Exception ex)
        {
            // A target's exception is a failed attempt, not a fault of the dispatcher; the
            // exception goes on with the result, for the log line.
            return new AttemptRun(AttemptEnd.Finished, AttemptResult.Failure($"{ex.GetType().Name}: {ex.Message}", ex), timeProvider.GetElapsedTime(started), running);
        }
    }

    /// <summary>Calls the target here; an exception it throws before its task exists fails the attempt, as one from the task would.</summary>
    private static Task<AttemptResult> DeliverHere(IDeliveryTarget target, LeasedDelivery delivery, CancellationToken token)
    {
        try
        {
            return target.DeliverAsync(delivery, token);
        }
        catch (Exception ex)
        {
            return Task.FromException<AttemptResult>(ex);
        }
    }
}
