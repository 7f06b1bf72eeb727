using System.Text.Json;

namespace Hookbox.Tests.CatchUp;

/// <summary>
/// What every catch-up sender must do with its API's failures, whatever the API: each sender's
/// test class inherits these cases and adds only what is its own. Each test gets a fresh fake
/// API and client.
/// </summary>
/// <typeparam name="TApi">The sender's fake API.</typeparam>
/// <param name="scheme">The scheme whose sender is tested.</param>
/// <param name="listPath">The path of the list the sender reads, as its error messages name it.</param>
/// <param name="missingIdReason">The malformed reason for the first item of a page that has lost its id.</param>
public abstract class CatchUpSenderContract<TApi>(string scheme, string listPath, string missingIdReason) : IAsyncLifetime
    where TApi : FakeApi
{
    /// <summary>The fake API this test reads, started before it runs.</summary>
    protected TApi Api { get; private set; } = null!; // set in InitializeAsync

    /// <summary>The client the sender reads with; a test may set its timeout before the first read.</summary>
    protected HttpClient Http { get; } = new();

    public async ValueTask InitializeAsync() => Api = await StartApiAsync(CatchUpTesting.Token);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Api.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the sender's fake API.</summary>
    protected abstract Task<TApi> StartApiAsync(CancellationToken cancellationToken);

    /// <summary>The sender's settings beyond its key and base URL.</summary>
    protected virtual void Configure(CatchUpOptions options)
    {
    }

    /// <summary>A sender for <see cref="Api"/> through <see cref="Http"/>, with another key when one is given.</summary>
    protected ICatchUpSender Sender(string? apiKey = null) => CatchUpTesting.Sender(scheme, Api, Http, Configure, apiKey);

    /// <summary>Adds <paramref name="count"/> items inside the last day, a minute apart from a minute ago; returns their event ids newest first, as they list.</summary>
    protected abstract IReadOnlyList<string> AddListed(int count);

    /// <summary>Reads the last day with <see cref="Sender"/> to the end.</summary>
    private protected Task<CatchUpTesting.Look> ReadLastDayAsync(string? apiKey = null) =>
        CatchUpTesting.ReadAllAsync(Sender(apiKey), CatchUpTesting.LastDay, CatchUpTesting.Token);

    /// <summary>Reads the last day, expecting the look to fail.</summary>
    protected Task<CatchUpException> ReadFailsAsync(string? apiKey = null) =>
        Assert.ThrowsAsync<CatchUpException>(() => ReadLastDayAsync(apiKey));

    [Theory]
    [InlineData(401, CatchUpFailure.Unauthorized)]
    [InlineData(500, CatchUpFailure.ServerError)]
    public async Task ListAsync_AFailedAnswer_ThrowsItsFailure(int status, CatchUpFailure failure)
    {
        AddListed(1);
        Api.FailNext(status);

        var error = await ReadFailsAsync();

        Assert.Equal(failure, error.Failure);
        Assert.Contains($"({status})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"GET {listPath}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Api.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_AWrongKey_IsUnauthorizedWithoutTheKeyInTheMessage()
    {
        const string wrongKey = "key_that_is_wrong_123";

        var error = await ReadFailsAsync(apiKey: wrongKey);

        Assert.Equal(CatchUpFailure.Unauthorized, error.Failure);
        Assert.Equal($"the API refused the key (401) for GET {listPath}; check that the key is right and may read what the look lists", error.Message);
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_AHang_IsATimeout()
    {
        Http.Timeout = TimeSpan.FromMilliseconds(300);
        Api.HangNext();

        var error = await ReadFailsAsync();

        Assert.Equal(CatchUpFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task ListAsync_APageThatIsNotJson_IsAnInvalidResponse()
    {
        AddListed(1);
        Api.SendMalformedJsonNext();

        var error = await ReadFailsAsync();

        Assert.Equal(CatchUpFailure.InvalidResponse, error.Failure);
        Assert.Contains("not JSON", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task ListAsync_AnItemWithoutId_IsOneMalformedReasonAndTheOthersAreListed()
    {
        var listed = AddListed(3);
        Api.DropItemIdNext();

        var look = await ReadLastDayAsync();

        Assert.Equal(listed.Skip(1), look.Items.Select(i => i.EventId));
        Assert.Equal(missingIdReason, Assert.Single(look.Malformed));
    }
}
