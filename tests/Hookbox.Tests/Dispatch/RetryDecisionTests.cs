using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.Tests.Dispatch;

public sealed class RetryDecisionTests
{
    private static readonly DispatchOptions Options = new()
    {
        MaxAttempts = 4,
        InitialDelay = TimeSpan.FromSeconds(5),
        MaxDelay = TimeSpan.FromMinutes(1),
    };

    private static readonly TimeSpan Elapsed = TimeSpan.FromMilliseconds(120);

    private readonly FakeTimeProvider _time = new(DispatchStore.Start);
    private readonly FakeLogger _logger = new();

    [Fact]
    public void Decide_Success_IsSucceeded_WithNoNextTime_AndLogsSucceeded()
    {
        var outcome = Decision().Decide("orders", Delivery(attempt: 2), AttemptResult.Success, Elapsed);

        Assert.Equal(new DeliveryOutcome(7, "orders", "lease-1", DeliveryOutcomeKind.Succeeded, null, null), outcome);
        var log = _logger.LatestRecord;
        Assert.Equal((LogEventIds.Dispatch.Succeeded, LogLevel.Debug), (log.Id.Id, log.Level));
        Assert.Contains("evt-1", log.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    public void Decide_FailureBeforeTheLastAttempt_RetriesAfterTheSchedulesDelay(int attempt, int seconds)
    {
        // A jitter of 1 gives the whole delay: the time is exactly the schedule's.
        var outcome = Decision(jitter: 1).Decide("orders", Delivery(attempt), AttemptResult.Failure("HTTP 503"), Elapsed);

        Assert.Equal(
            new DeliveryOutcome(7, "orders", "lease-1", DeliveryOutcomeKind.Retrying, DispatchStore.Start + TimeSpan.FromSeconds(seconds), "HTTP 503"),
            outcome);
    }

    [Fact]
    public void Decide_FailureWithTheSharedRandom_RetriesBetweenHalfAndAllOfTheDelay()
    {
        var decision = new RetryDecision(new RetrySchedule(Options), _time, _logger);

        for (var i = 0; i < 50; i++)
        {
            var next = decision.Decide("orders", Delivery(attempt: 3), AttemptResult.Failure("HTTP 503"), Elapsed).NextAttemptAt!.Value;

            Assert.InRange(next, DispatchStore.Start + TimeSpan.FromSeconds(10), DispatchStore.Start + TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public void Decide_FailureWithAnException_LogsRetryingWithTheException()
    {
        var thrown = Thrown();

        Decision().Decide("orders", Delivery(attempt: 1), AttemptResult.Failure("InvalidOperationException: the ledger is closed", thrown), Elapsed);

        var log = _logger.LatestRecord;
        Assert.Equal((LogEventIds.Dispatch.Retrying, LogLevel.Warning), (log.Id.Id, log.Level));
        Assert.Same(thrown, log.Exception);
        Assert.NotNull(log.Exception!.StackTrace);
        Assert.Contains("the ledger is closed", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_FailureWithoutAnError_SaysFailed()
    {
        var outcome = Decision().Decide("orders", Delivery(attempt: 1), new AttemptResult(false, null), Elapsed);

        Assert.Equal((DeliveryOutcomeKind.Retrying, "failed"), (outcome.Kind, outcome.Error));
    }

    [Fact]
    public void Decide_FailureOfTheLastAttempt_IsDead_WithNoNextTime_AndLogsDeadWithTheException()
    {
        var thrown = Thrown();

        var outcome = Decision().Decide("orders", Delivery(attempt: Options.MaxAttempts), AttemptResult.Failure("HTTP 500", thrown), Elapsed);

        Assert.Equal(new DeliveryOutcome(7, "orders", "lease-1", DeliveryOutcomeKind.Dead, null, "HTTP 500"), outcome);
        var log = _logger.LatestRecord;
        Assert.Equal((LogEventIds.Dispatch.Dead, LogLevel.Error), (log.Id.Id, log.Level));
        Assert.Same(thrown, log.Exception);
    }

    [Fact]
    public void Decide_SuccessOfTheLastAttempt_IsSucceeded()
    {
        var outcome = Decision().Decide("orders", Delivery(attempt: Options.MaxAttempts), AttemptResult.Success, Elapsed);

        Assert.Equal(DeliveryOutcomeKind.Succeeded, outcome.Kind);
    }

    [Fact]
    public void Release_IsReleased_DueNow_AndLogsAbandoned()
    {
        _time.Advance(TimeSpan.FromMinutes(3));

        var outcome = Decision().Release("orders", Delivery(attempt: 2));

        Assert.Equal(new DeliveryOutcome(7, "orders", "lease-1", DeliveryOutcomeKind.Released, DispatchStore.Start + TimeSpan.FromMinutes(3), null), outcome);
        var log = _logger.LatestRecord;
        Assert.Equal((LogEventIds.Dispatch.Abandoned, LogLevel.Information), (log.Id.Id, log.Level));
    }

    private RetryDecision Decision(double jitter = 1) => new(new RetrySchedule(Options, () => jitter), _time, _logger);

    private static LeasedDelivery Delivery(int attempt) => new(7, "orders", attempt, "lease-1", new StoredEvent(
        new EventSummary("hb-1", "pocketsflow", "evt-1", "order.completed", EventStatus.Pending, DispatchStore.Start),
        null, "application/json", "{}"u8.ToArray(), "{}"u8.ToArray(), []));

    // Thrown, so it carries a stack trace as a handler's exception does.
    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("the ledger is closed");
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }
    }
}
