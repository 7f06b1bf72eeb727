namespace Hookbox.Cli.Tests;

/// <summary>The environment a test's <c>hookbox serve</c> runs with, built up by what the test needs.</summary>
internal static class ServeEnvironment
{
    /// <summary>A Pocketsflow source with <paramref name="secret"/>, logging warnings and worse.</summary>
    public static Dictionary<string, string?> Pocketsflow(string secret) => new()
    {
        ["POCKETSFLOW_WEBHOOK_SECRET"] = secret,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Adds the route <c>orders</c>: every Pocketsflow event to <paramref name="destination"/>, signed with a new secret.</summary>
    public static Dictionary<string, string?> RoutedTo(this Dictionary<string, string?> environment, DestinationServer destination)
    {
        environment["Hookbox__Routes__orders__Source"] = "pocketsflow";
        environment["Hookbox__Routes__orders__Events__0"] = "*";
        environment["Hookbox__Routes__orders__Url"] = destination.Url.ToString();
        environment["Hookbox__Routes__orders__Secret"] = Signatures.NewStandardWebhooksSecret();
        return environment;
    }

    /// <summary>The admin token of servers on PostgreSQL, which need one configured: instances sharing an inbox share it.</summary>
    public const string PostgreSqlAdminToken = "postgresql-admin-token-0123456789";

    /// <summary>Puts the inbox on PostgreSQL, in <paramref name="schema"/> when one is given, with the admin token that store needs.</summary>
    public static Dictionary<string, string?> OnPostgreSql(this Dictionary<string, string?> environment, string connectionString, string? schema = null)
    {
        environment["Hookbox__Store__Provider"] = "postgresql";
        environment["Hookbox__Admin__Token"] = PostgreSqlAdminToken;
        environment["Hookbox__Store__ConnectionString"] = connectionString;
        if (schema is not null)
            environment["Hookbox__Store__Schema"] = schema;

        return environment;
    }
}
