using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox;

/// <summary>Delivers to an in-process handler of typed events, reading the body as <typeparamref name="TEvent"/> first.</summary>
internal sealed class TypedHandlerTarget<THandler, TEvent>(IServiceScopeFactory scopes, Func<ReadOnlyMemory<byte>, TEvent?> read) : IDeliveryTarget
    where THandler : IWebhookHandler<TEvent>
{
    public async Task<AttemptResult> DeliverAsync(LeasedDelivery delivery, CancellationToken cancellationToken)
    {
        TEvent? data;
        try
        {
            data = read(ByteOrderMark.Skip(delivery.Event.Body));
        }
        catch (JsonException ex)
        {
            return AttemptResult.Failure($"the body does not read as {typeof(TEvent).Name}: {ex.Message}");
        }

        if (data is null)
            return AttemptResult.Failure($"the body is null, not a {typeof(TEvent).Name}");

        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            var raw = HandlerEvents.Raw(delivery);
            var typed = new WebhookEvent<TEvent>(raw.Id, raw.Source, raw.EventId, raw.Type, raw.ReceivedAt, raw.Attempt, raw.Body, data);
            await handler.HandleAsync(typed, cancellationToken).ConfigureAwait(false);
            return AttemptResult.Success;
        }
    }
}
