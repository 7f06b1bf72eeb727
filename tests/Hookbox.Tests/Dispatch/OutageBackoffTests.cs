namespace Hookbox.Tests.Dispatch;

public sealed class OutageBackoffTests
{
    [Fact]
    public void Next_EachFailedLook_DoublesUpToTheLimit()
    {
        var backoff = new OutageBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));

        var waits = Enumerable.Range(0, 6).Select(_ => backoff.Next().TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 8, 8], waits);
    }

    [Fact]
    public void Reset_AfterALookThatWorked_StartsAtTheFirstWaitAgain()
    {
        var backoff = new OutageBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }
}
