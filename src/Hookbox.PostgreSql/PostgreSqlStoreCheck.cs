using Microsoft.Extensions.Options;

namespace Hookbox.PostgreSql;

/// <summary>
/// Stops start-up on a missing or malformed connection string or schema name, and when
/// configuration names another store than the one registered in code, and without a configured
/// admin token: instances sharing one inbox would each generate a token of their own, and a
/// client would be refused by every instance but one.
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

        if (string.IsNullOrWhiteSpace(options.Admin.Token))
        {
            errors.Add(
                $"{HookboxOptions.SectionName}:Admin:Token must be set with the PostgreSQL store: instances sharing one inbox need one token, " +
                "so none is generated; set it to a long random string (such as the output of 'openssl rand -base64 32') on every instance");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
