namespace Hookbox.Sqlite;

/// <summary>
/// The SQLite store's <c>[LoggerMessage]</c> event ids, in the range 3000–3099 that
/// <c>LogEventIds</c> (Hookbox's registry) keeps for it. They are here rather than in the
/// registry because the store is built on Hookbox's public API only, as an outside store would be.
/// </summary>
internal static class SqliteLogEventIds
{
    public const int Checkpointed = 3001;
    public const int CheckpointFailed = 3002;
    public const int PermissionsTightened = 3010;
    public const int PermissionsNotTightened = 3011;
}
