namespace Hookbox.PostgreSql;

/// <summary>
/// The PostgreSQL store's <c>[LoggerMessage]</c> event ids, in the range 4100–4199 that
/// <c>LogEventIds</c> (Hookbox's registry) keeps for it. They are here rather than in the
/// registry because the store is built on Hookbox's public API only, as an outside store would be.
/// </summary>
internal static class PostgreSqlLogEventIds
{
    public const int Listening = 4100;
    public const int ListenFailed = 4101;
}
