using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Hookbox.AspNetCore.Tests;

/// <summary>413 is decided from Content-Length before reading, and while streaming when there is none.</summary>
public sealed class PayloadTooLargeTests : HostedTest
{
    private const int Limit = 2048;

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Sources:pocketsflow:MaxBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>A signed JSON body of exactly <paramref name="length"/> bytes.</summary>
    private static byte[] BodyOf(int length)
    {
        var start = Encoding.UTF8.GetBytes("{\"webhookId\":\"" + PocketsflowEvents.NewWebhookId() + "\",\"pad\":\"");
        var padding = length - start.Length - 2;
        return [.. start, .. Encoding.UTF8.GetBytes(new string('x', padding)), (byte)'"', (byte)'}'];
    }

    [Fact]
    public async Task Post_ContentLengthOverTheLimit_Is413BeforeTheBodyIsSent()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Host.BaseAddress.Host, Host.BaseAddress.Port, Token);
        var stream = tcp.GetStream();
        var head = $"POST /webhooks/pocketsflow HTTP/1.1\r\nHost: {Host.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n";

        // Only the head goes out: an answer can only come from the Content-Length.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Token);
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, Token);
        var answer = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.Contains("payload_too_large", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ChunkedBodyGrowingPastTheLimit_Is413()
    {
        var body = BodyOf(Limit + 1);
        var request = PocketsflowEvents.Request(body);
        request.Content = new StreamContent(new MemoryStream(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Post_BodyOfExactlyTheLimit_IsAccepted()
    {
        using var response = await SendAsync(PocketsflowEvents.Request(BodyOf(Limit)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_OneByteOverTheLimitWithContentLength_Is413()
    {
        using var response = await SendAsync(PocketsflowEvents.Request(BodyOf(Limit + 1)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
