namespace Hookbox.Storage.Relational;

// Catch-up's questions, its one lease per source, and its short history of looks.
public sealed partial class InboxSql
{
    /// <summary>How many looks each source keeps.</summary>
    public const int KeptCatchUpRuns = 100;

    /// <summary>Which of <paramref name="eventIds"/> are stored for <paramref name="source"/>: one list parameter, however many (a look asks about hundreds).</summary>
    public SqlStatement FindStoredEventIds(string source, IEnumerable<string> eventIds) => new SqlStatement(
        $"SELECT event_id FROM {_events} WHERE source = @source AND {_dialect.InList("event_id", "keys")}")
        .With("source", source).With("keys", _dialect.BindList(SqlType.Text, eventIds));

    /// <summary>
    /// Which of <paramref name="subjects"/> have a stored event of <paramref name="source"/> of
    /// <paramref name="eventType"/>: found by their keys, then checked by the subjects themselves.
    /// </summary>
    public SqlStatement FindStoredSubjects(string source, string eventType, IReadOnlyCollection<string> subjects) => new SqlStatement(
        $"""
        SELECT DISTINCT subject FROM {_events}{_dialect.IndexedBy("events_subject_key")}
        WHERE {_dialect.InList("subject_key", "subject_keys")} AND {_dialect.InList("subject", "subjects")} AND source = @source AND type = @type
        """)
        .With("source", source).With("type", eventType)
        .With("subject_keys", _dialect.BindList(SqlType.BigInt, subjects.Select(SubjectKey.Of)))
        .With("subjects", _dialect.BindList(SqlType.Text, subjects));

    /// <summary>
    /// Takes the source's lease in one statement, so two instances racing for a free lease cannot
    /// both take it: the upsert changes no row when the lease is another holder's and still running.
    /// </summary>
    public SqlStatement AcquireCatchUp(string source, string holder, DateTimeOffset now, DateTimeOffset until) => new SqlStatement(
        $"""
        INSERT INTO {_leases} AS l (source, holder, expires_at) VALUES (@source, @holder, @until)
        ON CONFLICT (source) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE l.holder = excluded.holder OR l.expires_at < @now
        """)
        .With("source", source).With("holder", holder)
        .With("until", _dialect.Bind(SqlType.Time, until)).With("now", _dialect.Bind(SqlType.Time, now));

    /// <summary>Gives the lease back, if <paramref name="holder"/> still holds it.</summary>
    public SqlStatement ReleaseCatchUp(string source, string holder) =>
        new SqlStatement($"DELETE FROM {_leases} WHERE source = @source AND holder = @holder").With("source", source).With("holder", holder);

    /// <summary>Records a look, then keeps the source's latest <see cref="KeptCatchUpRuns"/>: everything from the first run past them down, nothing while there are fewer.</summary>
    public IReadOnlyList<SqlStatement> RecordCatchUpRun(CatchUpRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return
        [
            new SqlStatement(
                $"""
                INSERT INTO {_runs} ({InboxColumns.List(InboxColumns.Run)})
                VALUES (@source, @started_at, @finished_at, @window_start, @window_end, @seen, @present, @recovered, @malformed, @error, @trigger)
                """)
                .With("source", run.Source).With("started_at", _dialect.Bind(SqlType.Time, run.StartedAt))
                .With("finished_at", _dialect.Bind(SqlType.Time, run.FinishedAt))
                .With("window_start", _dialect.Bind(SqlType.Time, run.WindowStart)).With("window_end", _dialect.Bind(SqlType.Time, run.WindowEnd))
                .With("seen", run.Seen).With("present", run.Present).With("recovered", run.Recovered).With("malformed", run.Malformed)
                .With("error", run.Error).With("trigger", run.Trigger),
            new SqlStatement(
                $"""
                DELETE FROM {_runs} WHERE source = @source AND seq <= (
                    SELECT seq FROM {_runs} WHERE source = @source ORDER BY seq DESC LIMIT 1 OFFSET @kept)
                """)
                .With("source", run.Source).With("kept", KeptCatchUpRuns),
        ];
    }

    /// <summary>The source's latest looks, newest first.</summary>
    public SqlStatement ListCatchUpRuns(string source, int limit) => new SqlStatement(
        $"SELECT {InboxColumns.List(InboxColumns.Run)} FROM {_runs} WHERE source = @source ORDER BY seq DESC LIMIT @limit")
        .With("source", source).With("limit", limit);

    /// <summary>The window end of the source's last completed look (<see cref="CatchUpRun.Completed"/>, in SQL).</summary>
    public SqlStatement CatchUpCursor(string source) => new SqlStatement(
        $"SELECT MAX(window_end) FROM {_runs} WHERE source = @source AND finished_at IS NOT NULL AND error IS NULL")
        .With("source", source);
}
