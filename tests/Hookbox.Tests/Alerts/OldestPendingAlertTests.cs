using System.Text;

namespace Hookbox.Tests.Alerts;

/// <summary>The oldest-pending rule, read from a real SQLite inbox's stats.</summary>
public sealed class OldestPendingAlertTests : IAsyncLifetime
{
    private AlertHarness _alerts = null!; // set in InitializeAsync

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _alerts = await AlertHarness.StartAsync(o => o.EvaluateEvery = TimeSpan.FromMinutes(1));

    public ValueTask DisposeAsync() => _alerts.DisposeAsync();

    private async Task ReceiveAsync(string eventId)
    {
        var incoming = new IncomingEvent(
            HookboxId.New(_alerts.Time), "pocketsflow", new EventEnvelope(eventId, "order.completed"), _alerts.Time.GetUtcNow(), null,
            "application/json", "{}"u8.ToArray(), Encoding.UTF8.GetBytes($$"""{"webhookId":"{{eventId}}"}"""), [new PlannedDelivery("orders", null)]);
        await _alerts.Store.WriteBatchAsync([incoming], [], Token);
    }

    [Fact]
    public async Task OldestPending_OlderThanTheLimit_FiresAndResolvesOnceDelivered()
    {
        await ReceiveAsync("waiting");

        await _alerts.RunForAsync(TimeSpan.FromMinutes(15)); // exactly the limit: not over it
        var atTheLimit = _alerts.Board.Open.ToList();
        await _alerts.EvaluateAsync(); // 16 min
        var over = Assert.Single(_alerts.Board.Open);

        var now = _alerts.Time.GetUtcNow();
        var leased = Assert.Single(await _alerts.Store.LeaseAsync("orders", 10, now, now.AddMinutes(1), 3, Token));
        await _alerts.Store.CompleteAsync([new DeliveryOutcome(leased.EventSequence, leased.Route, leased.LeaseId, DeliveryOutcomeKind.Succeeded, null, null)], Token);
        await _alerts.EvaluateAsync();

        Assert.Empty(atTheLimit);
        Assert.Equal(("oldest-pending", AlertKinds.OldestPending, null), (over.Key, over.Kind, over.Subject));
        Assert.Equal(
            "The oldest pending delivery has waited 16 min (due since 2026-12-01 09:00:00Z), over the 15 min limit; deliveries due now: 1",
            over.Message);
        Assert.Empty(_alerts.Board.Open);
        Assert.Equal(["Fired", "Resolved"], _alerts.AlertLines().Select(r => r.Id.Name));
        Assert.EndsWith("resolved after 1 min: No delivery is pending", _alerts.AlertLines()[^1].Message, StringComparison.Ordinal);
    }
}
