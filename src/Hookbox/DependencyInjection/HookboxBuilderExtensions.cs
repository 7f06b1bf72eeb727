using Microsoft.Extensions.DependencyInjection;

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
}
