using Hookbox.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>Adds the shared PostgreSQL inbox.</summary>
public static class HookboxBuilderPostgreSqlExtensions
{
    /// <summary>
    /// Stores events in PostgreSQL, by default in the database of <c>Hookbox:Store:ConnectionString</c>
    /// and the schema <c>hookbox</c>, created and migrated on start. Several instances may share it.
    /// </summary>
    public static IHookboxBuilder AddPostgreSqlStore(this IHookboxBuilder builder, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<PostgreSqlStoreOptions>();
        if (configure is not null)
            options.Configure(configure);

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HookboxOptions>, PostgreSqlStoreCheck>());
        builder.Services.TryAddSingleton<PostgreSqlInboxStore>();
        builder.Services.TryAddSingleton<IInboxStore>(sp => sp.GetRequiredService<PostgreSqlInboxStore>());
        builder.Services.AddHostedService<PostgreSqlNotificationListener>();
        return builder;
    }
}
