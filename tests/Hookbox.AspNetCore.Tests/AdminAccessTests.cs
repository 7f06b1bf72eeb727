using System.Net;
using System.Net.Http.Headers;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Hookbox.AspNetCore.Tests;

public sealed class AdminTokenTests : HostedTest
{
    private const string Token16 = "admin-token-0123456789";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Admin:Token"] = Token16;
        return settings;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-0123456789")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task Api_WithoutTheToken_Is401(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Api_WithTheBearerToken_Answers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token16);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ingest_DoesNotNeedTheAdminToken()
    {
        using var response = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>Without a token, the API answers loopback clients only.</summary>
public sealed class AdminLoopbackTests : HostedTest
{
    protected override Task<HookboxTestHost> StartHostAsync() =>
        HookboxTestHost.StartAsync(Settings(), Token, urls: "http://0.0.0.0:0");

    [Fact]
    public async Task Api_FromLoopback_Answers()
    {
        using var response = await Client.GetAsync($"http://127.0.0.1:{Host.BaseAddress.Port}/api/events", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_FromAnotherInterface_Is403ButIngestAnswers()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.SkipWhen(address is null, "This machine has no non-loopback IPv4 interface to call from.");

        using var client = new HttpClient { BaseAddress = new Uri($"http://{address}:{Host.BaseAddress.Port}") };
        using var api = await client.GetAsync("/api/events", Token);
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId()));
        using var ingest = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("forbidden", (await JsonAsync(api)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
    }
}
