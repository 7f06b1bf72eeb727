using System.Security.Cryptography;

namespace Hookbox.Stores.Tests;

// What every store must do for the sources that dedupe on the body (issue 11, signed beats
// unsigned): GitHub's delivery id is not signed, so a captured body re-sent under a new id is a
// duplicate of the event stored with the same body digest, stored once, in a batch as one at a time.
public abstract partial class StoreContract
{
    /// <summary>A GitHub delivery: its id, and the digest of its body, as the ingest endpoint sets them.</summary>
    protected static IncomingEvent GitHubDelivery(string deliveryId, string source = "github")
    {
        var incoming = Event(deliveryId, source: source, type: "push");
        return incoming with
        {
            Body = "{\"ref\":\"refs/heads/main\",\"after\":\"5f2c\"}"u8.ToArray(),
            BodySha256 = Convert.ToHexStringLower(SHA256.HashData("{\"ref\":\"refs/heads/main\",\"after\":\"5f2c\"}"u8)),
        };
    }

    [Fact]
    public async Task WriteBatch_SameBodyUnderANewEventId_IsDuplicateOfTheFirstAndStoresNothing()
    {
        var first = GitHubDelivery("0b5e8e90-0001");
        await AppendAsync(first);

        var resent = await AppendAsync(GitHubDelivery("7c1d44a2-0002"));
        var page = await Store.ListEventsAsync(new EventQuery(null, null, null, 10, null), Token);

        Assert.Equal(new AppendResult(AppendStatus.Duplicate, first.Id), resent);
        Assert.Equal("0b5e8e90-0001", Assert.Single(page.Items).EventId);
    }

    [Fact]
    public async Task WriteBatch_SameBodyTwiceInOneBatch_IsDuplicateOfTheEarlierOne()
    {
        var first = GitHubDelivery("d-1");

        var results = await Store.WriteBatchAsync([first, Event("other"), GitHubDelivery("d-2"), GitHubDelivery("d-2")], [], Token);
        var page = await Store.ListEventsAsync(new EventQuery(null, null, null, 10, null), Token);

        Assert.Equal(
            [new(AppendStatus.Accepted, first.Id), new(AppendStatus.Accepted, results[1].Id), new(AppendStatus.Duplicate, first.Id), new(AppendStatus.Duplicate, first.Id)],
            results);
        Assert.Equal(["other", "d-1"], page.Items.Select(e => e.EventId));
    }

    [Fact]
    public async Task WriteBatch_SameBodyFromAnotherSource_IsAccepted()
    {
        await AppendAsync(GitHubDelivery("d-1", source: "github"));

        var other = await AppendAsync(GitHubDelivery("d-1", source: "github-enterprise"));

        Assert.Equal(AppendStatus.Accepted, other.Status);
    }

    [Fact]
    public async Task WriteBatch_SameBodyWithoutADigest_IsAccepted()
    {
        // Sources that do not dedupe on the body (no digest) keep every event id's copy.
        await AppendAsync(GitHubDelivery("d-1"));

        var plain = await AppendAsync(GitHubDelivery("d-2") with { BodySha256 = null });

        Assert.Equal(AppendStatus.Accepted, plain.Status);
    }

    [Fact]
    public async Task WriteBatch_SameEventIdAndBodyAgain_IsDuplicateOfTheFirst()
    {
        var first = GitHubDelivery("d-1");
        await AppendAsync(first);

        var again = await AppendAsync(GitHubDelivery("d-1"));

        Assert.Equal(new AppendResult(AppendStatus.Duplicate, first.Id), again);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentCopiesUnderNewEventIds_OneAcceptedTheOthersDuplicates()
    {
        var writer = StartWriter();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => writer.AppendAsync(GitHubDelivery($"d-{i}"), Token).AsTask()));

        var accepted = Assert.Single(results, r => r.Status == AppendStatus.Accepted);
        Assert.All(results, r => Assert.Equal(accepted.Id, r.Id));
        Assert.Single((await Store.ListEventsAsync(new EventQuery(null, null, null, 100, null), Token)).Items);
    }

    [Fact]
    public async Task WriteBatch_SameBodyFromTwoInstancesAtOnce_StoredOnce()
    {
        var other = await OpenAnotherInstanceAsync();

        var both = await Task.WhenAll(
            Store.WriteBatchAsync([GitHubDelivery("a-1")], [], Token),
            other.WriteBatchAsync([GitHubDelivery("b-1")], [], Token));

        var answers = both.Select(r => r[0]).ToList();
        Assert.Single(answers, a => a.Status == AppendStatus.Accepted);
        Assert.Equal(answers[0].Id, answers[1].Id);
        Assert.Single((await Store.ListEventsAsync(new EventQuery(null, null, null, 10, null), Token)).Items);
    }
}
