using Microsoft.Extensions.DependencyInjection;

using Hookbox.Pocketsflow;

namespace Hookbox.Tests.Routing;

/// <summary>Configured routes and handlers' routes follow the same rules, and say so in the same words.</summary>
public sealed class RouteFactoryTests
{
    private static HookboxOptions Hookbox()
    {
        var hookbox = new HookboxOptions();
        hookbox.Sources["Shop"] = new SourceOptions();
        return hookbox;
    }

    private static RouteOptions Configured(string source = "shop", string events = "*")
    {
        var route = new RouteOptions { Source = source, Url = "http://127.0.0.1:9000/orders", Secret = Signatures.NewStandardWebhooksSecret() };
        route.Events.Add(events);
        return route;
    }

    private sealed class Audit : IWebhookHandler
    {
        public Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Grant : IWebhookHandler<OrderCompleted>
    {
        public Task HandleAsync(WebhookEvent<OrderCompleted> webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public void Check_ConfiguredRouteAndHandler_NameAndSourceInLowerCase()
    {
        var errors = new List<string>();
        var hookbox = Hookbox();

        var routes = RouteFactory.Check(
            [RouteFactory.Configured("Orders", Configured(source: "SHOP"), errors), HandlerRoutes.ForEvents(typeof(Audit), "Shop", ["*"], null)],
            hookbox,
            errors);

        Assert.Empty(errors);
        Assert.Equal([("orders", "shop"), ("audit", "shop")], routes.Select(r => (r.Name, r.Source)));
    }

    [Fact]
    public void Check_BadConfiguredRoute_NamesEachKey()
    {
        var errors = new List<string>();
        var route = Configured(source: "stripe", events: "order.**");
        route.OrderBy = "subscription/id";
        route.Concurrency = 0;

        RouteFactory.Check([RouteFactory.Configured("orders", route, errors)], Hookbox(), errors);

        Assert.Equal(
            [
                "Hookbox:Routes:orders:Source 'stripe' is not a configured source; configure Hookbox:Sources:stripe or fix the name",
                "Hookbox:Routes:orders:Events:0 'order.**' is not a pattern: use an event type, a prefix such as order.*, or *",
                "Hookbox:Routes:orders:OrderBy 'subscription/id' is not a JSON pointer; write it like /subscription/id",
                "Hookbox:Routes:orders:Concurrency must be 1 or more, not 0",
            ],
            errors);
    }

    [Fact]
    public void Check_BadHandlerRoute_NamesTheCallWithTheSameRules()
    {
        var errors = new List<string>();
        var route = HandlerRoutes.ForEvents(typeof(Audit), "stripe", [], o => (o.OrderBy, o.Concurrency) = ("subscription/id", 0));

        RouteFactory.Check([route], Hookbox(), errors);

        Assert.Equal(
            [
                "AddHandler<Audit>(): Source 'stripe' is not a configured source; configure Hookbox:Sources:stripe or fix the name",
                "AddHandler<Audit>(): Events is empty; list event types or patterns such as order.* (or * for every event)",
                "AddHandler<Audit>(): OrderBy 'subscription/id' is not a JSON pointer; write it like /subscription/id",
                "AddHandler<Audit>(): Concurrency must be 1 or more, not 0",
            ],
            errors);
    }

    [Fact]
    public void Check_ConfiguredRouteAndHandlerOfOneName_NamesBoth()
    {
        var errors = new List<string>();

        RouteFactory.Check(
            [RouteFactory.Configured("Audit", Configured(), errors), HandlerRoutes.ForEvents(typeof(Audit), "shop", ["*"], null)],
            Hookbox(),
            errors);

        Assert.Equal("Two routes are named 'audit' (Hookbox:Routes:Audit, AddHandler<Audit>()); rename one of them, or add a handler only once", Assert.Single(errors));
    }

    [Fact]
    public void ForEventTypes_TypedHandler_TakesItsEventTypesFromTheGivenSource()
    {
        var errors = new List<string>();

        var route = Assert.Single(RouteFactory.Check(HandlerRoutes.ForEventTypes(typeof(Grant), "shop", null), Hookbox(), errors));

        Assert.Empty(errors);
        Assert.Equal(("grant", "shop"), (route.Name, route.Source));
        Assert.True(Assert.Single(route.Patterns).Matches("order.completed"));
        Assert.IsType<TypedHandlerTarget<Grant, OrderCompleted>>(route.Build(new ServiceCollection().BuildServiceProvider()).Target);
    }

    [Fact]
    public void ForEventTypes_RawHandler_SaysToNameTheEvents()
    {
        var error = Assert.Throws<InvalidOperationException>(() => HandlerRoutes.ForEventTypes(typeof(Audit), "shop", null));

        Assert.Equal("Audit handles no Pocketsflow event type; name the source and events: AddHandler<Audit>(\"shop\", \"type.*\").", error.Message);
    }
}
