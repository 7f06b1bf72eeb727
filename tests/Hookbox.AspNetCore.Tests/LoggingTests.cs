using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Every line about an event carries its source, id, type and time in scope; none carries a secret or the payload.</summary>
public sealed class LoggingTests : HostedTest
{
    private FakeLogCollector Logs => Host.Services.GetFakeLogCollector();

    protected override Task<HookboxTestHost> StartHostAsync() =>
        HookboxTestHost.StartAsync(Settings(), Token, logging: logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));

    [Fact]
    public async Task Accepted_IsLoggedWithSourceEventIdTypeAndTimestampInScope()
    {
        using (await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("webhook_log1"), "order.completed")))
        {
        }

        var record = Assert.Single(Logs.GetSnapshot(), r => r.Id.Name == "Accepted");
        var scope = record.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().Single(s => s.Any(p => p.Key == "EventId")).ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal(LogLevel.Debug, record.Level);
        Assert.Equal("pocketsflow", scope["Source"]);
        Assert.Equal("webhook_log1", scope["EventId"]);
        Assert.Equal("order.completed", scope["EventType"]);
        Assert.IsType<DateTimeOffset>(scope["Timestamp"]);
    }

    [Fact]
    public async Task Rejection_IsAWarningWithItsReason()
    {
        using (await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("w1"), secret: "whsec_wrong")))
        {
        }

        var record = Assert.Single(Logs.GetSnapshot(), r => r.Id.Name == "Rejected");

        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains("invalid_signature", record.Message, StringComparison.Ordinal);
        Assert.Contains("does not match the body", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoLogLine_CarriesTheSecretTheSignatureOrThePayload()
    {
        var body = PocketsflowEvents.Body("webhook_log3");
        using (await SendAsync(PocketsflowEvents.Request(body)))
        {
        }

        using (await SendAsync(PocketsflowEvents.Request(body, secret: "whsec_wrong_secret_value")))
        {
        }

        var text = string.Join("\n", Logs.GetSnapshot().Select(r =>
            r.Message + " " + string.Join(" ", r.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s).Select(p => $"{p.Key}={p.Value}"))));

        Assert.NotEmpty(Logs.GetSnapshot());
        Assert.DoesNotContain(PocketsflowEvents.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_wrong_secret_value", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Signatures.Pocketsflow(PocketsflowEvents.Secret, body), text, StringComparison.Ordinal);
        Assert.DoesNotContain("buyer@example.com", text, StringComparison.Ordinal);
    }
}
