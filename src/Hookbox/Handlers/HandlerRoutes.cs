using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

using Hookbox.Pocketsflow;

namespace Hookbox;

/// <summary>
/// The routes of in-process handlers, added with <c>AddHandler&lt;THandler&gt;()</c>: routes like any
/// other (<see cref="RouteFactory"/> checks them), whose target resolves the handler in a DI scope
/// of its own for every attempt.
/// </summary>
internal static class HandlerRoutes
{
    /// <summary>
    /// One route per <see cref="IWebhookHandler{TEvent}"/> the handler implements, taking the events of
    /// <paramref name="source"/> whose types the event type's <see cref="PocketsflowEventAttribute"/> lists.
    /// </summary>
    public static List<RouteRegistration> ForEventTypes(Type handler, string source, Action<HandlerRouteOptions>? configure)
    {
        var typed = TypedEvents(handler);
        if (typed.Count == 0)
        {
            throw new InvalidOperationException(
                $"{handler.Name} handles no Pocketsflow event type; name the source and events: AddHandler<{handler.Name}>(\"{source}\", \"type.*\").");
        }

        var routes = new List<RouteRegistration>(typed.Count);
        foreach (var eventType in typed)
        {
            var types = eventType.GetCustomAttribute<PocketsflowEventAttribute>()?.Types
                ?? throw new InvalidOperationException($"{handler.Name} handles {eventType.Name}, which is not a Pocketsflow event type; name the source and events: AddHandler<{handler.Name}>(\"{source}\", \"type.*\").");
            var settings = Settings(configure);
            if (typed.Count > 1)
                settings.Name = $"{settings.Name ?? handler.Name}.{eventType.Name}";

            routes.Add(Create(handler, source, types, eventType, settings));
        }

        return routes;
    }

    /// <summary>A route taking the events of <paramref name="source"/> whose type matches <paramref name="events"/>.</summary>
    public static RouteRegistration ForEvents(Type handler, string source, IReadOnlyList<string> events, Action<HandlerRouteOptions>? configure)
    {
        var typed = TypedEvents(handler);
        if (typed.Count > 1)
            throw new InvalidOperationException($"{handler.Name} handles several event types; add it with AddHandler<{handler.Name}>(\"{source}\"), which gives each type its own route.");

        if (typed.Count == 0 && !typeof(IWebhookHandler).IsAssignableFrom(handler))
            throw new InvalidOperationException($"{handler.Name} implements neither IWebhookHandler nor IWebhookHandler<TEvent>.");

        return Create(handler, source, events, typed.Count == 1 ? typed[0] : null, Settings(configure));
    }

    private static RouteRegistration Create(Type handler, string source, IReadOnlyList<string> events, Type? eventType, HandlerRouteOptions settings) =>
        new(RouteKey.Handler(handler), settings.Name ?? handler.Name, source, events, settings.OrderBy, settings.Concurrency, Target(handler, eventType));

    private static HandlerRouteOptions Settings(Action<HandlerRouteOptions>? configure)
    {
        var settings = new HandlerRouteOptions();
        configure?.Invoke(settings);
        return settings;
    }

    private static List<Type> TypedEvents(Type handler) =>
        [.. handler.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IWebhookHandler<>))
            .Select(i => i.GetGenericArguments()[0])];

    /// <summary>The handler's target; reflection only fills in the type arguments, known at run time from its interfaces.</summary>
    private static Func<IServiceProvider, IDeliveryTarget> Target(Type handler, Type? eventType)
    {
        var method = eventType is null
            ? typeof(HandlerRoutes).GetMethod(nameof(RawTarget), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(handler)
            : typeof(HandlerRoutes).GetMethod(nameof(TypedTarget), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(handler, eventType);

        // Both methods are ours, static and parameterless, and return this delegate type.
        return (Func<IServiceProvider, IDeliveryTarget>)method.Invoke(null, null)!;
    }

    private static Func<IServiceProvider, IDeliveryTarget> RawTarget<THandler>()
        where THandler : IWebhookHandler =>
        services => new HandlerTarget<THandler>(services.GetRequiredService<IServiceScopeFactory>());

    private static Func<IServiceProvider, IDeliveryTarget> TypedTarget<THandler, TEvent>()
        where THandler : IWebhookHandler<TEvent>
    {
        var read = HandlerBodies.ReaderFor<TEvent>();
        return services => new TypedHandlerTarget<THandler, TEvent>(services.GetRequiredService<IServiceScopeFactory>(), read);
    }
}
