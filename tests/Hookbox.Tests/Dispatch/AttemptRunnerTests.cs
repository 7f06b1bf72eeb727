using Microsoft.Extensions.Time.Testing;

namespace Hookbox.Tests.Dispatch;

public sealed class AttemptRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // The runner hands the delivery to the target untouched; these targets never read it.
    private static readonly LeasedDelivery Delivery = null!;

    private readonly FakeTimeProvider _time = new();

    private AttemptRunner Runner => new(Timeout, _time);

    // Set on the test's thread only while it calls the runner.
    [ThreadStatic]
    private static bool t_callingRunner;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_CallsTheTargetOnTheCallersThread_OnlyWhenItStartsWithoutBlocking(bool startsWithoutBlocking)
    {
        bool? calledByTheCaller = null;
        var target = new TestTarget(
            (_, _) =>
            {
                calledByTheCaller = t_callingRunner;
                return Task.FromResult(AttemptResult.Success);
            },
            startsWithoutBlocking);

        t_callingRunner = true;
        var running = Runner.RunAsync(target, Delivery, CancellationToken.None);
        t_callingRunner = false;
        await running;

        Assert.Equal(startsWithoutBlocking, calledByTheCaller);
    }

    [Fact]
    public async Task RunAsync_TargetAnswers_IsFinishedWithItsResult()
    {
        var run = await Runner.RunAsync(new TestTarget((_, _) => Task.FromResult(AttemptResult.Failure("HTTP 503"))), Delivery, CancellationToken.None);

        Assert.Equal((AttemptEnd.Finished, "HTTP 503", true), (run.End, run.Result.Error, run.Target.IsCompleted));
    }

    [Fact]
    public async Task RunAsync_TargetThrows_IsAFailureCarryingTheException()
    {
        var thrown = new InvalidOperationException("the ledger is closed");

        var run = await Runner.RunAsync(new TestTarget((_, _) => throw thrown), Delivery, CancellationToken.None);

        Assert.Equal((AttemptEnd.Finished, "InvalidOperationException: the ledger is closed"), (run.End, run.Result.Error));
        Assert.Same(thrown, run.Result.Exception);
    }

    [Fact]
    public async Task RunAsync_TargetIgnoringItsToken_TimesOutAtTheTimeout_AndComesBackStillRunning()
    {
        var release = new TaskCompletionSource<AttemptResult>();
        var running = Runner.RunAsync(new TestTarget((_, _) => release.Task), Delivery, CancellationToken.None);

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(running.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var run = await running;

        Assert.Equal((AttemptEnd.TimedOut, "timed out after 30 s", false), (run.End, run.Result.Error, run.Target.IsCompleted));
        release.SetResult(AttemptResult.Success);
        await run.Target;
    }

    [Fact]
    public async Task RunAsync_TargetHonouringItsToken_IsCancelledAtTheTimeoutAndEnds()
    {
        var waiting = new TaskCompletionSource();
        var running = Runner.RunAsync(new TestTarget(async (_, token) =>
        {
            var never = Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            waiting.SetResult();
            await never;
            return AttemptResult.Success;
        }), Delivery, CancellationToken.None);
        await waiting.Task;

        // The fake clock runs the timeout's callbacks on this thread, so the runner may resume
        // inline before the target's token is cancelled: the target must still hear it.
        _time.Advance(Timeout);
        var run = await running;

        Assert.Equal(AttemptEnd.TimedOut, run.End);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.Target.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_StoppedByShutdown_IsAbandonedNotFailed()
    {
        using var shutdown = new CancellationTokenSource();
        var run = Runner.RunAsync(new TestTarget(async (_, token) =>
        {
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            return AttemptResult.Success;
        }), Delivery, shutdown.Token);

        await shutdown.CancelAsync();

        Assert.Equal(AttemptEnd.Abandoned, (await run).End);
    }
}
