using Microsoft.Extensions.DependencyInjection;

namespace Hookbox;

/// <summary>What <c>AddHookbox()</c> returns: the place to add a store, sources and handlers.</summary>
public interface IHookboxBuilder
{
    /// <summary>The services Hookbox is registered in.</summary>
    IServiceCollection Services { get; }
}
