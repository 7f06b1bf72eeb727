using Microsoft.Extensions.DependencyInjection;

namespace Hookbox;

internal sealed class HookboxBuilder(IServiceCollection services) : IHookboxBuilder
{
    public IServiceCollection Services { get; } = services;
}
