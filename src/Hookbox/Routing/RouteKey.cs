namespace Hookbox;

/// <summary>
/// How messages name a route and its settings: by its configuration key
/// (<c>Hookbox:Routes:orders:Source</c>) or by the call that added it
/// (<c>AddHandler&lt;GrantCourseAccess&gt;(): Source</c>).
/// </summary>
internal readonly record struct RouteKey(string Route, string Separator)
{
    public static RouteKey Configured(string name) => new($"{HookboxOptions.SectionName}:Routes:{name}", ":");

    public static RouteKey Handler(Type handler) => new($"AddHandler<{handler.Name}>()", ": ");

    /// <summary>The name of one of the route's settings, such as <c>Hookbox:Routes:orders:Url</c>.</summary>
    public string Of(string setting) => Route + Separator + setting;

    public override string ToString() => Route;
}
