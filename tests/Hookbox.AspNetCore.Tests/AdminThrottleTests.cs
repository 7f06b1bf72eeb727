using System.Net;
using System.Net.Http.Headers;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Failed admin authentications are throttled per client address (issue 11): past
/// Hookbox:Admin:MaxFailedAttempts in the window, the address is answered 429 with Retry-After,
/// even with the right token, while another address with the token is answered as usual.
/// </summary>
public sealed class AdminThrottleTests : HostedTest
{
    private const int MaxFailedAttempts = 3;

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Admin:MaxFailedAttempts"] = MaxFailedAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    [Fact]
    public async Task Api_AfterTooManyBadTokensFromOneAddress_Is429ThereWhileAnotherAddressWithTheTokenGets200()
    {
        using var guesser = LoopbackClient.From(IPAddress.Parse("127.0.0.1"), Host.BaseAddress);
        using var operatorClient = LoopbackClient.From(IPAddress.Parse("127.0.0.3"), Host.BaseAddress);
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Host.AdminToken);

        for (var attempt = 1; attempt <= MaxFailedAttempts; attempt++)
        {
            using var wrong = await GetAsync(guesser, $"wrong-token-{attempt}-0123456789");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var throttled = await GetAsync(guesser, Host.AdminToken);
        using var elsewhere = await operatorClient.GetAsync("/api/events", Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("too_many_admin_attempts", (await JsonAsync(throttled)).GetProperty("error").GetString());
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal("no-store", throttled.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Api_TheRightTokenAfterAFewBadOnes_IsNotThrottled()
    {
        using var client = Host.CreateAnonymousClient();

        for (var attempt = 1; attempt < MaxFailedAttempts; attempt++)
        {
            using var wrong = await GetAsync(client, $"wrong-token-{attempt}-0123456789");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await GetAsync(client, Host.AdminToken);
        using var again = await GetAsync(client, Host.AdminToken);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Token);
    }
}
