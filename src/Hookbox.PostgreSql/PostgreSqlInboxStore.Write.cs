using Hookbox.Storage.Relational;
using Npgsql;

namespace Hookbox.PostgreSql;

public sealed partial class PostgreSqlInboxStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<AppendResult>> WriteBatchAsync(
        IReadOnlyList<IncomingEvent> events,
        IReadOnlyList<Rejection> rejections,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(rejections);
        return events.Count == 0 && rejections.Count == 0
            ? Task.FromResult<IReadOnlyList<AppendResult>>([])
            : WriteWithRetryAsync(events, rejections, cancellationToken);
    }

    private async Task<IReadOnlyList<AppendResult>> WriteWithRetryAsync(IReadOnlyList<IncomingEvent> events, IReadOnlyList<Rejection> rejections, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(() => WriteAsync(events, rejections, cancellationToken)).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected)
        {
            // Once more before any sender is answered 503 (Pocketsflow never retries): the batch
            // deadlocked with another instance's over the same keys, and that one has committed.
            // (A broken connection is retried by RunAsync; if that first try did commit, the
            // second finds the events under their own ids and answers them accepted.)
            return await RunAsync(() => WriteAsync(events, rejections, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<AppendResult>> WriteAsync(IReadOnlyList<IncomingEvent> events, IReadOnlyList<Rejection> rejections, CancellationToken cancellationToken)
    {
        // A copy later in the batch is a duplicate of the first, whatever becomes of that one:
        // only first copies go to the database. An event whose catch-up id is the event id of an
        // earlier first goes in a statement after that one's, which sees whether it was stored:
        // the batch then answers as its events would one at a time. (Few batches have any.)
        // A body digest seen earlier in the batch makes a copy too. (One at a time, that copy would
        // be accepted if its first were a duplicate of a stored event with another body under the
        // same event id: a sender that reuses an id for another body, which no batch order fixes.)
        var firstOfKey = new Dictionary<(string Source, string EventId), int>(events.Count);
        var firstOfDigest = new Dictionary<(string Source, string Digest), int>();
        var firstOf = new int[events.Count];
        var stepOf = new int[events.Count];
        var steps = new List<List<IncomingEvent>>();
        for (var i = 0; i < events.Count; i++)
        {
            var incoming = events[i];
            var key = (incoming.Source, incoming.Envelope.EventId);
            if (firstOfKey.TryGetValue(key, out firstOf[i]))
                continue;

            if (incoming.BodySha256 is { } digest && firstOfDigest.TryGetValue((incoming.Source, digest), out firstOf[i]))
            {
                firstOfKey[key] = firstOf[i];
                continue;
            }

            firstOf[i] = i;
            firstOfKey[key] = i;
            if (incoming.BodySha256 is { } firstDigest)
                firstOfDigest[(incoming.Source, firstDigest)] = i;

            stepOf[i] = incoming.CatchUpId is { } catchUpId && firstOfKey.TryGetValue((incoming.Source, catchUpId), out var named) && named != i
                ? stepOf[named] + 1
                : 0;
            if (stepOf[i] == steps.Count)
                steps.Add([]);

            steps[stepOf[i]].Add(incoming);
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One batch is one round trip and, without a transaction of its own, one implicit
        // transaction: events, their deliveries, rejections and the NOTIFY commit together.
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var batch = new NpgsqlBatch(connection))
        {
            foreach (var step in steps)
                batch.BatchCommands.Add(_eventInsert.Command(step));

            if (rejections.Count > 0)
            {
                batch.BatchCommands.Add(InsertRejections(rejections));
                foreach (var trim in new[]
                         {
                             _sql.TrimRejections(_rejectionLogCapacity),
                             _sql.TrimRejectionsOfSources(rejections.Select(r => r.Source).Distinct(StringComparer.Ordinal), _rejectionLogPerSource),
                             _sql.TrimRejectionBytes(_rejectionLogMaxBytes),
                         })
                {
                    batch.BatchCommands.Add(trim.ApplyToBatch(new NpgsqlBatchCommand()));
                }
            }

            if (steps.Any(step => step.Any(e => e.Deliveries.Count > 0)))
                batch.BatchCommands.Add(Notify().ApplyToBatch(new NpgsqlBatchCommand()));

            // Each insert answers with the ids it stored, in the order of the statements.
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            for (var step = 0; step < steps.Count; step++)
            {
                if (step > 0)
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);

                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    inserted.Add(reader.GetString(0));
            }

            // The later statements' errors surface here, not unnoticed when the reader closes.
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
            }
        }

        // ON CONFLICT waited for any concurrent insert of the same key to commit, so the stored
        // copy is visible now, whichever instance wrote it.
        var notInserted = steps.SelectMany(step => step).Where(e => !inserted.Contains(e.Id)).ToList();
        var stored = notInserted.Count == 0 ? StoredCopies.None : await FindStoredAsync(connection, notInserted, cancellationToken).ConfigureAwait(false);

        var results = new AppendResult[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var incoming = events[i];
            var first = firstOf[i];
            results[i] = first != i ? new AppendResult(AppendStatus.Duplicate, results[first].Id)
                : inserted.Contains(incoming.Id) ? new AppendResult(AppendStatus.Accepted, incoming.Id)
                : AnswerNotInserted(stored, incoming);
        }

        return results;
    }

    /// <summary>
    /// The answer to an event that was not inserted: a duplicate of the event stored under its own
    /// event id (or accepted, if that one is itself, stored by a first try whose answer was lost),
    /// or else of the one stored under its catch-up id, or else of the one stored with its body digest.
    /// </summary>
    private static AppendResult AnswerNotInserted(StoredCopies stored, IncomingEvent incoming)
    {
        if (stored.ByEventId.TryGetValue((incoming.Source, incoming.Envelope.EventId), out var id))
            return new AppendResult(id == incoming.Id ? AppendStatus.Accepted : AppendStatus.Duplicate, id);

        if (incoming.CatchUpId is { } catchUpId && stored.ByEventId.TryGetValue((incoming.Source, catchUpId), out id))
            return new AppendResult(AppendStatus.Duplicate, id);

        if (incoming.BodySha256 is { } digest && stored.ByDigest.TryGetValue((incoming.Source, digest), out id))
            return new AppendResult(id == incoming.Id ? AppendStatus.Accepted : AppendStatus.Duplicate, id);

        throw new InvalidOperationException($"event {incoming.Envelope.EventId} of {incoming.Source} was neither inserted nor found; it was not recorded");
    }

    private NpgsqlBatchCommand InsertRejections(IReadOnlyList<Rejection> rejections)
    {
        var command = new NpgsqlBatchCommand(_rejectionInsert);
        PostgreSqlDialect.AddArrays(command.Parameters, InboxColumns.RejectionInsert, rejections);
        return command;
    }

    // Written once per store, with positional parameters, as the event insert is.
    private static string RejectionInsert(string schema) =>
        $"INSERT INTO {schema}.rejections ({string.Join(", ", InboxColumns.RejectionInsert.Select(c => c.Name))}) "
        + $"SELECT * FROM unnest({PostgreSqlDialect.PositionalArrays(InboxColumns.RejectionInsert)})";

    /// <summary>The ids of the events stored under the event ids and catch-up ids of <paramref name="notInserted"/>, and with their body digests.</summary>
    private async Task<StoredCopies> FindStoredAsync(NpgsqlConnection connection, List<IncomingEvent> notInserted, CancellationToken cancellationToken)
    {
        var keys = new List<(string Source, string EventId)>(notInserted.Count);
        var digests = new List<(string Source, string Digest)>();
        foreach (var incoming in notInserted)
        {
            keys.Add((incoming.Source, incoming.Envelope.EventId));
            if (incoming.CatchUpId is { } catchUpId)
                keys.Add((incoming.Source, catchUpId));

            if (incoming.BodySha256 is { } digest)
                digests.Add((incoming.Source, digest));
        }

        await using var find = new SqlStatement(
            $"""
            SELECT false, e.source, e.event_id, e.id FROM {_schema}.events e
            JOIN unnest(@key_sources::text[], @event_ids::text[]) AS k (source, event_id) ON e.source = k.source AND e.event_id = k.event_id
            UNION ALL
            SELECT true, e.source, e.body_sha256, e.id FROM {_schema}.events e
            JOIN unnest(@digest_sources::text[], @digests::text[]) AS k (source, body_sha256) ON e.source = k.source AND e.body_sha256 = k.body_sha256
            """)
            .With("key_sources", keys.Select(k => k.Source).ToArray())
            .With("event_ids", keys.Select(k => k.EventId).ToArray())
            .With("digest_sources", digests.Select(k => k.Source).ToArray())
            .With("digests", digests.Select(k => k.Digest).ToArray())
            .ApplyTo(connection.CreateCommand());
        var stored = new StoredCopies(new(keys.Count), new(digests.Count));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            (reader.GetBoolean(0) ? stored.ByDigest : stored.ByEventId)[(reader.GetString(1), reader.GetString(2))] = reader.GetString(3);

        return stored;
    }

    /// <summary>The stored events a batch's events that were not inserted are copies of: by (source, event id), and by (source, body digest).</summary>
    private sealed record StoredCopies(
        Dictionary<(string Source, string EventId), string> ByEventId,
        Dictionary<(string Source, string Digest), string> ByDigest)
    {
        public static StoredCopies None { get; } = new([], []);
    }
}
