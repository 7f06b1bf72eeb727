using System.Text;
using System.Text.Json;
using Hookbox.Samples.Courses;
using Microsoft.Data.Sqlite;

namespace Hookbox.Samples.Tests;

/// <summary>The library-mode sample, run as it is written, receiving signed Pocketsflow orders.</summary>
public sealed class CoursesAppTests : IDisposable
{
    private const string Secret = "whsec_courses_sample_secret";
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static byte[] Order(string webhookId) => Encoding.UTF8.GetBytes(
        $$$"""{"webhookId":"{{{webhookId}}}","customer":{"email":"jane@example.com"},"product":{"id":"course-101","name":"C# for webhooks"},"order":{"id":"ord_1","amount":49.0}}""");

    [Fact]
    public async Task CompletedOrder_GrantsTheCourse_AndItsRefund_RevokesIt()
    {
        await using var app = CoursesApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Hookbox:DataDirectory={_directory.Path}",
            $"--Hookbox:Sources:pocketsflow:Secrets:0={Secret}",
            "--Hookbox:Dispatch:InitialDelay=00:00:00.050",
        ]);
        await app.StartAsync(Token);
        using var client = new HttpClient { BaseAddress = LoopbackApp.Address(app) };

        using (var order = PocketsflowEvents.Request(Order("order-1"), "order.completed", Secret))
        using (var answer = await client.SendAsync(order, Token))
            Assert.True(answer.IsSuccessStatusCode);

        await Poll.UntilAsync(async () => (await client.GetStringAsync("/access", Token)).Contains("course-101", StringComparison.Ordinal), "the course to be granted", Token);

        using (var refund = PocketsflowEvents.Request(Order("refund-1"), "order.refunded", Secret))
        using (var answer = await client.SendAsync(refund, Token))
            Assert.True(answer.IsSuccessStatusCode);

        await Poll.UntilAsync(async () => JsonDocument.Parse(await client.GetStringAsync("/access", Token)).RootElement.GetArrayLength() == 0, "the course to be revoked", Token);
        await app.StopAsync(Token);
    }
}
