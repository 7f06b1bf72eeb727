using Microsoft.Extensions.Options;

namespace Hookbox.PostgreSql;

/// <summary>
/// Stops start-up on a missing or malformed connection string or schema name, and when
/// configuration names another store than the one registered in code.
/// </summary>
internal sealed class PostgreSqlStoreCheck(IOptions<PostgreSqlStoreOptions> store) : IValidateOptions<HookboxOptions>
{
    public ValidateOptionsResult Validate(string? name, HookboxOptions options)
    {
        PostgreSqlStoreSettings.Resolve(store.Value, options, out var errors);
        if (options.Store.Provider is not null && !string.Equals(options.Store.Provider, StoreOptions.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            errors.Insert(0,
                $"{HookboxOptions.SectionName}:Store:Provider '{options.Store.Provider}' is not the store this application registered (postgresql, by AddPostgreSqlStore())");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
