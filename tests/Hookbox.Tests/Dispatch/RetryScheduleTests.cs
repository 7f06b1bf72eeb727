namespace Hookbox.Tests.Dispatch;

public sealed class RetryScheduleTests
{
    private static readonly DispatchOptions Options = new()
    {
        MaxAttempts = 8,
        InitialDelay = TimeSpan.FromSeconds(5),
        MaxDelay = TimeSpan.FromMinutes(1),
    };

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 60)]
    [InlineData(30, 60)]
    public void DelayAfter_DoublesUpToTheMaximum_WithoutJitterAtItsTop(int attempt, int seconds)
    {
        var schedule = new RetrySchedule(Options, () => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(seconds), schedule.DelayAfter(attempt));
    }

    [Fact]
    public void DelayAfter_JitterSpreadsBetweenHalfAndAll()
    {
        var low = new RetrySchedule(Options, () => 0.0);
        var middle = new RetrySchedule(Options, () => 0.5);

        Assert.Equal(TimeSpan.FromSeconds(5), low.DelayAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(7.5), middle.DelayAfter(2));
    }

    [Theory]
    [InlineData(7, false)]
    [InlineData(8, true)]
    public void IsLast_CountsEveryAttemptTheFirstIncluded(int attempt, bool last) =>
        Assert.Equal(last, new RetrySchedule(Options).IsLast(attempt));
}
