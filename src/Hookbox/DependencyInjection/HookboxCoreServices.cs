using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>Registers the host-independent parts of Hookbox; <c>AddHookbox()</c> calls it.</summary>
public static class HookboxCoreServices
{
    /// <summary>
    /// Registers options (bound from the <c>Hookbox</c> section and validated on start), sources,
    /// the group-commit writer and the inbox's start-up. Safe to call more than once.
    /// </summary>
    public static IHookboxBuilder AddHookboxCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new HookboxBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(HookboxMarker)))
            return builder;

        services.AddSingleton<HookboxMarker>();
        services.AddOptions<HookboxOptions>().BindConfiguration(HookboxOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HookboxOptions>, HookboxOptionsValidator>();
        services.AddSingleton<IPostConfigureOptions<HookboxOptions>, PocketsflowSecretSetup>();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HookboxMetrics>();
        services.TryAddSingleton<SourceRegistry>();
        services.TryAddSingleton<GroupCommitWriter>();
        services.TryAddSingleton<IInboxAppender>(sp => sp.GetRequiredService<GroupCommitWriter>());
        services.TryAddSingleton<IInboxBatchWriter>(sp => RequireStore(sp));
        services.TryAddSingleton<IInboxQueries>(sp => RequireStore(sp));
        services.TryAddSingleton<IInboxSchema>(sp => RequireStore(sp));
        services.AddHostedService<InboxStartup>();
        return builder;
    }

    private static IInboxStore RequireStore(IServiceProvider services) =>
        services.GetService<IInboxStore>()
        ?? throw new InvalidOperationException("Hookbox has no inbox store: call AddHookbox().AddSqliteStore() (or another store) when registering services.");

    /// <summary>Marks a collection that already has Hookbox, so registering twice is harmless.</summary>
    internal sealed class HookboxMarker;
}
