namespace Hookbox;

/// <summary>
/// The <c>[LoggerMessage]</c> event ids of the product, in one place so that no two log lines
/// share one: the core, the ASP.NET Core layer and the CLI take theirs from here, and each store
/// keeps its own in the range noted here for it. Each area owns a range; a new line takes the
/// next free id of its area's range, and an id once shipped keeps its meaning (log queries and
/// alerts filter on it). A test checks they are unique and registered.
/// </summary>
internal static class LogEventIds
{
    /// <summary>1000–1099: the ingest endpoint.</summary>
    internal static class Ingest
    {
        public const int Accepted = 1000;
        public const int Duplicate = 1001;
        public const int Rejected = 1002;
        public const int StoreUnavailable = 1003;
        public const int Abandoned = 1004;
        public const int UnknownSource = 1005;
        public const int Failed = 1006;
        public const int RejectionsLeftOut = 1007;
        public const int Throttling = 1008;
    }

    /// <summary>1100–1199: the admin API (errors, catch-up, erasure).</summary>
    internal static class Api
    {
        public const int Failed = 1100;
        public const int CatchUpAsked = 1101;
        public const int CatchUpAskedSince = 1102;
        public const int ErasedEvent = 1110;
        public const int ErasedBySubject = 1111;
        public const int ErasedByEmail = 1112;
    }

    /// <summary>1700–1799: the admin token and the admin throttle.</summary>
    internal static class Admin
    {
        public const int TokenGenerated = 1700;
        public const int TokenFromFile = 1701;
        public const int LocalWithoutToken = 1702;
        public const int Throttled = 1710;
    }

    /// <summary>2000–2099: the inbox and its group commit.</summary>
    internal static class Inbox
    {
        public const int Ready = 2000;
        public const int CommitFailed = 2001;
    }

    /// <summary>2100–2109: retention.</summary>
    internal static class Retention
    {
        public const int Pruned = 2100;
        public const int NothingToPrune = 2101;
        public const int PruneFailed = 2102;
        public const int PrunedWaiting = 2103;
    }

    /// <summary>2110–2119: the inbox stats sampler (2100–2102 until they clashed with retention's, which were there first).</summary>
    internal static class Stats
    {
        public const int Failed = 2110;
        public const int StillFailing = 2111;
        public const int Recovered = 2112;
    }

    // 3000–3099: the SQLite store, whose ids are Hookbox.Sqlite's SqliteLogEventIds (the stores
    // build on Hookbox's public API only, so they keep their ids; LogEventIdsTests reads them too).

    /// <summary>4000–4099: the dispatcher.</summary>
    internal static class Dispatch
    {
        public const int Succeeded = 4000;
        public const int Retrying = 4001;
        public const int Dead = 4002;
        public const int Abandoned = 4003;
        public const int LeaseFailed = 4004;
        public const int RecordFailed = 4005;
        public const int Orphaned = 4006;
        public const int OrphanSweepFailed = 4007;
        public const int NextDueFailed = 4008;
        public const int OutcomeDropped = 4009;
        public const int RenewFailed = 4010;
        public const int StillRunning = 4011;
        public const int LeasedAheadReleased = 4012;
    }

    // 4100–4199: the PostgreSQL store's notifications, whose ids are Hookbox.PostgreSql's PostgreSqlLogEventIds.

    /// <summary>7000–7099: alerts.</summary>
    internal static class Alerts
    {
        public const int Fired = 7000;
        public const int Repeated = 7001;
        public const int Resolved = 7002;
        public const int SinkFailed = 7010;
        public const int StatsFailed = 7011;
        public const int EvaluationFailed = 7012;
    }

    /// <summary>7100–7199: catch-up (7000–7008 until they clashed with the alerts', which were there first).</summary>
    internal static class CatchUp
    {
        public const int Started = 7100;
        public const int Completed = 7101;
        public const int Recovered = 7102;
        public const int Malformed = 7103;
        public const int Failed = 7104;
        public const int KeyRefused = 7105;
        public const int AlreadyRunning = 7106;
        public const int RecordFailed = 7107;
        public const int LeaseFailed = 7108;
    }

    // 8000–8099: the CLI (none yet).
}
