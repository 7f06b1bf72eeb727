using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Hookbox.Pocketsflow;

namespace Hookbox;

/// <summary>Configures Hookbox in code, beside or instead of the <c>Hookbox</c> configuration section.</summary>
public static class HookboxBuilderExtensions
{
    /// <summary>Adds (or amends) a source named <paramref name="name"/>: <c>POST /webhooks/{name}</c>.</summary>
    public static IHookboxBuilder AddSource(this IHookboxBuilder builder, string name, Action<SourceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services.Configure<HookboxOptions>(options =>
        {
            if (!options.Sources.TryGetValue(name, out var source))
            {
                source = new SourceOptions();
                options.Sources[name] = source;
            }

            configure(source);
        });
        return builder;
    }

    /// <summary>
    /// Adds an in-process handler of typed Pocketsflow events, such as
    /// <c>GrantCourseAccess : IWebhookHandler&lt;OrderCompleted&gt;</c>: a route named after the
    /// handler takes the <c>pocketsflow</c> source's events of the types its event type carries
    /// (one route per <see cref="IWebhookHandler{TEvent}"/> it implements). The handler is
    /// resolved in a DI scope of its own for every attempt.
    /// </summary>
    public static IHookboxBuilder AddHandler<THandler>(this IHookboxBuilder builder, Action<HandlerRouteOptions>? configure = null)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var typed = TypedEvents(typeof(THandler));
        if (typed.Count == 0)
        {
            throw new InvalidOperationException(
                $"{typeof(THandler).Name} handles no Pocketsflow event type; name the source and events: AddHandler<{typeof(THandler).Name}>(\"source\", \"type.*\").");
        }

        foreach (var eventType in typed)
        {
            var types = eventType.GetCustomAttribute<PocketsflowEventAttribute>()?.Types
                ?? throw new InvalidOperationException($"{typeof(THandler).Name} handles {eventType.Name}, which is not a Pocketsflow event type; name the source and events: AddHandler<{typeof(THandler).Name}>(\"source\", \"type.*\").");
            var settings = Settings(configure);
            if (typed.Count > 1)
                settings.Name = $"{settings.Name ?? typeof(THandler).Name}.{eventType.Name}";

            Register<THandler>(builder, SchemeNames.Pocketsflow, types, eventType, settings);
        }

        return builder;
    }

    /// <summary>
    /// Adds an in-process handler for the events of <paramref name="source"/> whose type matches
    /// <paramref name="events"/> (<c>invoice.*</c>, <c>*</c>): an <see cref="IWebhookHandler"/>
    /// gets the raw event, an <see cref="IWebhookHandler{TEvent}"/> the body read as its type.
    /// </summary>
    public static IHookboxBuilder AddHandler<THandler>(this IHookboxBuilder builder, string source, params string[] events)
        where THandler : class => builder.AddHandler<THandler>(source, events, configure: null);

    /// <summary>
    /// Adds an in-process handler for the events of <paramref name="source"/> whose type matches
    /// <paramref name="events"/>, with its route's settings (name, ordering, concurrency).
    /// </summary>
    public static IHookboxBuilder AddHandler<THandler>(this IHookboxBuilder builder, string source, IReadOnlyList<string> events, Action<HandlerRouteOptions>? configure)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var typed = TypedEvents(typeof(THandler));
        if (typed.Count > 1)
            throw new InvalidOperationException($"{typeof(THandler).Name} handles several event types; register it once per type with AddHandler<THandler>().");

        if (typed.Count == 0 && !typeof(IWebhookHandler).IsAssignableFrom(typeof(THandler)))
            throw new InvalidOperationException($"{typeof(THandler).Name} implements neither IWebhookHandler nor IWebhookHandler<TEvent>.");

        Register<THandler>(builder, source, events, typed.Count == 1 ? typed[0] : null, Settings(configure));
        return builder;
    }

    private static HandlerRouteOptions Settings(Action<HandlerRouteOptions>? configure)
    {
        var settings = new HandlerRouteOptions();
        configure?.Invoke(settings);
        return settings;
    }

    private static void Register<THandler>(IHookboxBuilder builder, string source, IReadOnlyList<string> events, Type? eventType, HandlerRouteOptions settings)
        where THandler : class
    {
        builder.Services.TryAddScoped<THandler>();
        Func<IServiceProvider, IDeliveryTarget> target = eventType is null
            ? services => (IDeliveryTarget)ActivatorUtilities.CreateInstance(services, typeof(HandlerTarget<>).MakeGenericType(typeof(THandler)))
            : services => (IDeliveryTarget)ActivatorUtilities.CreateInstance(
                services,
                typeof(TypedHandlerTarget<,>).MakeGenericType(typeof(THandler), eventType),
                typeof(HandlerBodies).GetMethod(nameof(HandlerBodies.ReaderFor))!.MakeGenericMethod(eventType).Invoke(null, null)!); // a static method of ours, always there
        builder.Services.AddSingleton<IRouteRegistration>(new HandlerRegistration(typeof(THandler).Name, source, events, settings, target));
    }

    private static List<Type> TypedEvents(Type handler) =>
        [.. handler.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IWebhookHandler<>))
            .Select(i => i.GetGenericArguments()[0])];
}
