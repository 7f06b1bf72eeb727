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
                batch.BatchCommands.Add(InsertEvents(step));

            if (rejections.Count > 0)
            {
                batch.BatchCommands.Add(InsertRejections(rejections));
                batch.BatchCommands.Add(BatchCommand(
                    $"DELETE FROM {_schema}.rejections WHERE seq <= (SELECT MAX(seq) FROM {_schema}.rejections) - $1",
                    (long)_rejectionLogCapacity));

                // Each source keeps its newest, so a flood at one source never evicts another's.
                batch.BatchCommands.Add(BatchCommand(
                    $"""
                    DELETE FROM {_schema}.rejections r
                    USING (SELECT s.source, (SELECT seq FROM {_schema}.rejections WHERE source = s.source ORDER BY seq DESC OFFSET $2 LIMIT 1) AS cut
                           FROM unnest($1::text[]) AS s (source)) c
                    WHERE r.source = c.source AND r.seq <= c.cut
                    """,
                    rejections.Select(r => r.Source).Distinct(StringComparer.Ordinal).ToArray(),
                    (long)_rejectionLogPerSource));

                // The newest entry past the byte budget, counted from the newest, goes with all older ones.
                batch.BatchCommands.Add(BatchCommand(
                    $"""
                    DELETE FROM {_schema}.rejections WHERE seq <= (
                        SELECT seq FROM (SELECT seq, SUM(octet_length(headers) + octet_length(message)) OVER (ORDER BY seq DESC) AS kept FROM {_schema}.rejections) k
                        WHERE kept > $1 ORDER BY seq DESC LIMIT 1)
                    """,
                    _rejectionLogMaxBytes));
            }

            if (steps.Any(step => step.Any(e => e.Deliveries.Count > 0)))
                batch.BatchCommands.Add(BatchCommand("SELECT pg_notify($1, '')", _channel));

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

    private NpgsqlBatchCommand InsertEvents(List<IncomingEvent> events)
    {
        var deliveryEvents = new List<string>();
        var deliveryRoutes = new List<string>();
        var deliveryKeys = new List<string?>();
        foreach (var incoming in events)
        {
            foreach (var delivery in incoming.Deliveries)
            {
                deliveryEvents.Add(incoming.Id);
                deliveryRoutes.Add(delivery.Route);
                deliveryKeys.Add(delivery.OrderKey);
            }
        }

        // Routed in the same statement: an event is never durable without its deliveries, which
        // are due at once. An event with a catch-up id that names a stored event is not inserted:
        // it is that event, come again under another id. No conflict target: a stored event id
        // and a stored body digest (its own unique index) each make the row a copy, not an error.
        return BatchCommand(
            $"""
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::bytea[], $10::bytea[], $11::text[], $12::text[], $13::text[], $14::text[])
                    WITH ORDINALITY AS i (id, source, event_id, type, status, received_at, sender_timestamp, content_type, headers, body, origin, subject, catch_up_id, body_sha256, n)
            ),
            inserted AS (
                INSERT INTO {_schema}.events (id, source, event_id, type, status, received_at, sender_timestamp, content_type, headers, body, origin, subject, body_sha256)
                SELECT id, source, event_id, type, status, received_at, sender_timestamp, content_type, headers, body, origin, subject, body_sha256 FROM input
                WHERE catch_up_id IS NULL
                   OR NOT EXISTS (SELECT 1 FROM {_schema}.events e WHERE e.source = input.source AND e.event_id = input.catch_up_id)
                ORDER BY n
                ON CONFLICT DO NOTHING
                RETURNING seq, id, received_at
            ),
            planned AS (
                INSERT INTO {_schema}.deliveries (event_seq, route, status, attempts, next_attempt_at, order_key)
                SELECT inserted.seq, d.route, 'pending', 0, inserted.received_at, d.order_key
                FROM unnest($15::text[], $16::text[], $17::text[]) AS d (id, route, order_key)
                JOIN inserted ON inserted.id = d.id
            )
            SELECT id FROM inserted
            """,
            events.Select(e => e.Id).ToArray(),
            events.Select(e => e.Source).ToArray(),
            events.Select(e => e.Envelope.EventId).ToArray(),
            events.Select(e => e.Envelope.EventType).ToArray(),
            events.Select(e => e.Deliveries.Count > 0 ? EventStatuses.Pending : EventStatuses.Unrouted).ToArray(),
            events.Select(e => e.ReceivedAt.ToUniversalTime()).ToArray(),
            events.Select(e => e.SenderTimestamp?.ToUniversalTime()).ToArray(),
            events.Select(e => e.ContentType).ToArray(),
            events.Select(e => Blob(e.Headers)).ToArray(),
            events.Select(e => Blob(e.Body)).ToArray(),
            events.Select(e => e.Origin.ToText()).ToArray(),
            events.Select(e => e.Envelope.Subject).ToArray(),
            events.Select(e => e.CatchUpId).ToArray(),
            events.Select(e => e.BodySha256).ToArray(),
            deliveryEvents.ToArray(),
            deliveryRoutes.ToArray(),
            deliveryKeys.ToArray());
    }

    private NpgsqlBatchCommand InsertRejections(IReadOnlyList<Rejection> rejections) => BatchCommand(
        $"""
        INSERT INTO {_schema}.rejections (source, received_at, status_code, error, message, headers, body_bytes)
        SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::integer[], $4::text[], $5::text[], $6::bytea[], $7::bigint[])
        """,
        rejections.Select(r => r.Source).ToArray(),
        rejections.Select(r => r.ReceivedAt.ToUniversalTime()).ToArray(),
        rejections.Select(r => r.StatusCode).ToArray(),
        rejections.Select(r => r.Error).ToArray(),
        rejections.Select(r => r.Message).ToArray(),
        rejections.Select(r => Blob(r.Headers)).ToArray(),
        rejections.Select(r => r.BodyBytes).ToArray());

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

        await using var find = Command(connection,
            $"""
            SELECT false, e.source, e.event_id, e.id FROM {_schema}.events e
            JOIN unnest($1::text[], $2::text[]) AS k (source, event_id) ON e.source = k.source AND e.event_id = k.event_id
            UNION ALL
            SELECT true, e.source, e.body_sha256, e.id FROM {_schema}.events e
            JOIN unnest($3::text[], $4::text[]) AS k (source, body_sha256) ON e.source = k.source AND e.body_sha256 = k.body_sha256
            """,
            keys.Select(k => k.Source).ToArray(),
            keys.Select(k => k.EventId).ToArray(),
            digests.Select(k => k.Source).ToArray(),
            digests.Select(k => k.Digest).ToArray());
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
