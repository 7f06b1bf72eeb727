using System.Globalization;

namespace Hookbox.PostgreSql;

/// <summary>
/// What each instance calls its connections (their <c>application_name</c>):
/// <c>hookbox/{schema version}/{schema}</c>, the version being the latest this build's migrations
/// reach, then the user's own <c>Application Name</c> when the connection string gives one. A
/// migration reads them back from <c>pg_stat_activity</c> to find instances of an older Hookbox
/// still at work on the schema it is about to change. Hookbox's part comes first: PostgreSQL cuts
/// names at 63 bytes, and what it cuts is then the user's part.
/// </summary>
internal static class PostgreSqlInstanceName
{
    private const string Prefix = "hookbox/";

    /// <summary>The name of this build's connections to <paramref name="schema"/>, keeping <paramref name="own"/> after it.</summary>
    public static string For(string schema, int version, string? own) =>
        string.IsNullOrWhiteSpace(own)
            ? string.Create(CultureInfo.InvariantCulture, $"{Prefix}{version}/{schema}")
            : string.Create(CultureInfo.InvariantCulture, $"{Prefix}{version}/{schema} {own}");

    /// <summary>The schema version and schema a connection's name says, when it is a Hookbox instance's.</summary>
    public static bool TryParse(string? applicationName, out int version, out string schema)
    {
        version = 0;
        schema = "";
        if (applicationName is null || !applicationName.StartsWith(Prefix, StringComparison.Ordinal))
            return false;

        var rest = applicationName.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || !int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out version))
            return false;

        var name = rest[(slash + 1)..];
        var space = name.IndexOf(' ');
        schema = (space < 0 ? name : name[..space]).ToString();
        return schema.Length > 0;
    }
}
