namespace Hookbox;

/// <summary>A route added in code, such as an in-process handler: turned into a <see cref="Route"/> once options are known.</summary>
internal interface IRouteRegistration
{
    /// <summary>The route, or errors naming what is wrong with it.</summary>
    Route? Create(HookboxOptions options, IServiceProvider services, ICollection<string> errors);
}
