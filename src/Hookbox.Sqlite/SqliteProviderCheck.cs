using Microsoft.Extensions.Options;

namespace Hookbox.Sqlite;

/// <summary>
/// Stops start-up when configuration names a store other than the one registered in code, so
/// an application configured for PostgreSQL never quietly keeps its events in a local file.
/// </summary>
internal sealed class SqliteProviderCheck : IValidateOptions<HookboxOptions>
{
    public ValidateOptionsResult Validate(string? name, HookboxOptions options) =>
        options.Store.Provider is null || string.Equals(options.Store.Provider, StoreOptions.Sqlite, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{HookboxOptions.SectionName}:Store:Provider '{options.Store.Provider}' is not the store this application registered (sqlite, by AddSqliteStore())");
}
