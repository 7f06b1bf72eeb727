using Microsoft.Extensions.Http.Resilience;
using Polly;
using static Hookbox.Tests.CatchUp.CatchUpTesting;

namespace Hookbox.Tests.CatchUp;

/// <summary>How every sender's final answer becomes a failure; shown through Stripe's sender, since all share one reader.</summary>
public sealed class CatchUpHttpTests
{
    [Theory]
    [InlineData(401, CatchUpFailure.Unauthorized)]
    [InlineData(403, CatchUpFailure.Unauthorized)]
    [InlineData(500, CatchUpFailure.ServerError)]
    [InlineData(503, CatchUpFailure.ServerError)]
    [InlineData(404, CatchUpFailure.InvalidResponse)]
    [InlineData(400, CatchUpFailure.InvalidResponse)]
    public async Task GetAsync_AFinalStatus_IsItsFailure(int status, CatchUpFailure failure)
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.FailNext(status);

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, Token));

        Assert.Equal(failure, error.Failure);
        Assert.Contains($"({status})", error.Message, StringComparison.Ordinal);
        Assert.Contains("GET /v1/events", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_429_IsRateLimited()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.RateLimitNext(retryAfterSeconds: 7);

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.RateLimited, error.Failure);
        Assert.Contains("(429)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_PollysTimeout_IsATimeout()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddTimeout(TimeSpan.FromMilliseconds(300)).Build();
        using var http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() });
        api.HangNext();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, Token));

        Assert.Equal(CatchUpFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task GetAsync_TheCallerCancels_ThrowsOperationCanceled()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        api.HangNext();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, cancel.Token));

        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    [Fact]
    public async Task GetAsync_NothingListens_IsUnreachable()
    {
        var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        var sender = Sender(SchemeNames.Stripe, api, http);
        await api.DisposeAsync();

        var error = await Assert.ThrowsAsync<CatchUpException>(() => ReadAllAsync(sender, LastDay, Token));

        Assert.Equal(CatchUpFailure.Unreachable, error.Failure);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task GetAsync_TheKey_GoesAsABearerTokenOnEveryRequestAndNeverOnTheClient()
    {
        await using var api = await FakeStripeApi.StartAsync(cancellationToken: Token);
        using var http = new HttpClient();
        for (var i = 0; i < 120; i++)
            api.AddEvent("invoice.paid", Now.AddMinutes(-1 - i));

        await ReadAllAsync(Sender(SchemeNames.Stripe, api, http), LastDay, Token);

        Assert.Equal(2, api.Requests.Count);
        Assert.All(api.Requests, r => Assert.Equal("Bearer " + api.ApiKey, r.Headers["Authorization"]));
        Assert.Null(http.DefaultRequestHeaders.Authorization);
    }
}
