using Hookbox.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>Adds the embedded SQLite inbox.</summary>
public static class HookboxBuilderSqliteExtensions
{
    /// <summary>
    /// Stores events in one SQLite file, by default <c>{Hookbox:DataDirectory}/hookbox.db</c>.
    /// </summary>
    public static IHookboxBuilder AddSqliteStore(this IHookboxBuilder builder, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SqliteStoreOptions>();
        if (configure is not null)
            options.Configure(configure);

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HookboxOptions>, SqliteProviderCheck>());
        builder.Services.TryAddSingleton<SqliteInboxStore>();
        builder.Services.TryAddSingleton<IInboxStore>(sp => sp.GetRequiredService<SqliteInboxStore>());
        return builder;
    }
}
