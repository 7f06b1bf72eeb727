using System.Text;
using System.Text.Json;

namespace Hookbox.Cli.Tests;

/// <summary><c>hookbox erase</c> (issue 11): a customer's deletion request against a running <c>hookbox serve</c>.</summary>
[Collection(CliServerGroup.Name)]
public sealed class EraseCommandTests(CliServer server)
{
    private const string Source = "erase";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>An order.completed about <paramref name="orderId"/>, bought by <paramref name="email"/>; its Hookbox id.</summary>
    private Task<string> SendOrderAsync(string orderId, string email) =>
        server.SendAsync(Source, "order.completed", Encoding.UTF8.GetBytes(
            $$"""{"event":"order.completed","order":{"id":"{{orderId}}","amount":29.99},"customer":{"email":"{{email}}"},"webhookId":"{{PocketsflowEvents.NewWebhookId()}}"}"""),
            Token);

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task Erase_Id_ErasesTheEventAndEventsShowSaysSo()
    {
        var id = await SendOrderAsync(Unique("ord_"), $"{Unique("id")}@example.com");

        var (exitCode, output) = await server.RunAsync(["erase", id], Token);
        var (_, shown) = await server.RunAsync(["events", "show", id], Token);

        Assert.Equal(0, exitCode);
        Assert.Contains($"Erased {id}", output, StringComparison.Ordinal);
        Assert.Contains("erased on request at", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_SubjectJson_PrintsTheApisAnswer()
    {
        var order = Unique("ord_");
        await SendOrderAsync(order, "a@example.com");
        var second = await SendOrderAsync(order, "a@example.com");

        var (exitCode, output) = await server.RunAsync(["erase", "--subject", order, "--json"], Token);
        var (_, shown) = await server.RunAsync(["events", "show", second, "--json"], Token);

        Assert.Equal(0, exitCode);
        using var answer = JsonDocument.Parse(output);
        Assert.Equal(2, answer.RootElement.GetProperty("erased").GetInt32());
        using var details = JsonDocument.Parse(shown);
        Assert.Equal(JsonValueKind.String, details.RootElement.GetProperty("erasedAt").ValueKind);
    }

    [Fact]
    public async Task Erase_Email_SaysHowManyItErased()
    {
        var email = $"{Unique("mail")}@Example.com";
        await SendOrderAsync(Unique("ord_"), email);

        var (exitCode, output) = await server.RunAsync(["erase", "--email", email.ToLowerInvariant()], Token);
        var (_, again) = await server.RunAsync(["erase", "--email", email], Token);

        Assert.Equal(0, exitCode);
        Assert.Contains("Erased 1 event by email", output, StringComparison.Ordinal);
        Assert.Contains("Erased 0 events by email", again, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name what to erase")]
    [InlineData("Name one thing to erase", "hb_x", "--email", "a@example.com")]
    [InlineData("Name one thing to erase", "--subject", "ord_1", "--email", "a@example.com")]
    public async Task Erase_NothingOrSeveralNamed_IsAUsageError(string expected, params string[] arguments)
    {
        var (exitCode, output) = await server.RunAsync(["erase", .. arguments], Token);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_UnknownId_FailsSayingSo()
    {
        var (exitCode, output) = await server.RunAsync(["erase", "hb_unknown"], Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("no event has that id", output, StringComparison.Ordinal);
    }
}
