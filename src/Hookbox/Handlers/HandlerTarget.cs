using Microsoft.Extensions.DependencyInjection;

namespace Hookbox;

/// <summary>Delivers to an in-process handler, in a DI scope of its own per attempt.</summary>
internal sealed class HandlerTarget<THandler>(IServiceScopeFactory scopes) : IDeliveryTarget
    where THandler : IWebhookHandler
{
    public async Task<AttemptResult> DeliverAsync(LeasedDelivery delivery, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            await handler.HandleAsync(HandlerEvents.Raw(delivery), cancellationToken).ConfigureAwait(false);
            return AttemptResult.Success;
        }
    }
}
