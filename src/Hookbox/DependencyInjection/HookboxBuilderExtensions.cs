using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
    /// Adds an in-process handler of typed Pocketsflow events on the <c>pocketsflow</c> source: a
    /// convenience for <see cref="AddHandler{THandler}(IHookboxBuilder, string)"/>
    /// with <c>"pocketsflow"</c>, the source <c>hookbox serve</c> and <c>POCKETSFLOW_WEBHOOK_SECRET</c> set up.
    /// </summary>
    public static IHookboxBuilder AddHandler<THandler>(this IHookboxBuilder builder)
        where THandler : class => builder.AddHandler<THandler>(SchemeNames.Pocketsflow);

    /// <summary>
    /// Adds an in-process handler of typed Pocketsflow events on the <c>pocketsflow</c> source, with
    /// its route's settings (name, ordering, concurrency).
    /// </summary>
    public static IHookboxBuilder AddHandler<THandler>(this IHookboxBuilder builder, Action<HandlerRouteOptions> configure)
        where THandler : class => builder.AddHandler<THandler>(SchemeNames.Pocketsflow, configure);

    /// <summary>
    /// Adds an in-process handler of typed Pocketsflow events, such as
    /// <c>GrantCourseAccess : IWebhookHandler&lt;OrderCompleted&gt;</c>, on the source named
    /// <paramref name="source"/> (one that uses the Pocketsflow scheme): a route named after the
    /// handler takes that source's events of the types its event type carries (one route per
    /// <see cref="IWebhookHandler{TEvent}"/> it implements). The handler is resolved in a DI scope of
    /// its own for every attempt.
    /// </summary>
    public static IHookboxBuilder AddHandler<THandler>(this IHookboxBuilder builder, string source)
        where THandler : class => builder.AddHandler<THandler>(source, configure: null);

    /// <summary>
    /// Adds an in-process handler of typed Pocketsflow events on the source named
    /// <paramref name="source"/>, with its route's settings (name, ordering, concurrency).
    /// </summary>
    public static IHookboxBuilder AddHandler<THandler>(this IHookboxBuilder builder, string source, Action<HandlerRouteOptions>? configure)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return Register<THandler>(builder, HandlerRoutes.ForEventTypes(typeof(THandler), source, configure));
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
        return Register<THandler>(builder, [HandlerRoutes.ForEvents(typeof(THandler), source, events, configure)]);
    }

    private static IHookboxBuilder Register<THandler>(IHookboxBuilder builder, List<RouteRegistration> routes)
        where THandler : class
    {
        builder.Services.TryAddScoped<THandler>();
        foreach (var route in routes)
            builder.Services.AddSingleton(route);

        return builder;
    }
}
