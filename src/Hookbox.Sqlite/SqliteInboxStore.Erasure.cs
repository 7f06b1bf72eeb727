using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

// Erasure goes through the one write connection like every other write, and is durable before
// it answers: a deletion request that was acknowledged must not come back after a crash. The
// connection runs with secure_delete (SqliteWriter), so the erased bytes are overwritten in the
// file, not only unlinked from it.
public sealed partial class SqliteInboxStore
{
    /// <summary>Candidates read per round when erasing by email: each round's bodies are in memory at once.</summary>
    private const int EmailPageSize = 200;

    /// <inheritdoc />
    public Task<DateTimeOffset?> EraseAsync(string id, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: true, (writer, transaction) =>
        {
            long sequence;
            using (var find = Command(writer.Connection, transaction, "SELECT seq, erased_at FROM events WHERE id = $id", ("$id", id)))
            using (var reader = find.ExecuteReader())
            {
                if (!reader.Read())
                    return (DateTimeOffset?)null;

                if (!reader.IsDBNull(1))
                    return DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));

                sequence = reader.GetInt64(0);
            }

            Erase(writer, transaction, [sequence], erasedAt);
            return DateTimeOffset.FromUnixTimeMilliseconds(erasedAt.ToUnixTimeMilliseconds());
        });
    }

    /// <inheritdoc />
    public Task<int> EraseSubjectAsync(string subject, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: true, (writer, transaction) =>
        {
            // A subject has a handful of events, which its own index finds at once.
            var sequences = Sequences(writer.Connection, transaction,
                "SELECT seq FROM events INDEXED BY events_subject WHERE subject = $subject AND erased_at IS NULL",
                ("$subject", subject));
            return Erase(writer, transaction, sequences, erasedAt);
        });
    }

    /// <inheritdoc />
    public Task<int> EraseEmailAsync(string email, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(email);
        var erased = 0;
        long after = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Candidates are read beside the writer, a page at a time: every body is searched, and
            // ingest must not wait behind that. instr on lower() finds the address's text in any
            // case (ASCII); PayloadEmail then keeps only those where it is a whole string value.
            var named = new List<long>();
            var read = 0;
            using (var connection = Open())
            using (var command = Command(connection, null,
                       """
                       SELECT seq, body FROM events
                       WHERE seq > $after AND erased_at IS NULL AND instr(lower(CAST(body AS TEXT)), lower($email)) > 0
                       ORDER BY seq LIMIT $max
                       """,
                       ("$after", after), ("$email", email), ("$max", EmailPageSize)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    read++;
                    after = reader.GetInt64(0);
                    if (PayloadEmail.Contains((byte[])reader.GetValue(1), email))
                        named.Add(after);
                }
            }

            if (named.Count > 0)
                erased += Write(durable: true, (writer, transaction) => Erase(writer, transaction, named, erasedAt));

            if (read < EmailPageSize)
                return Task.FromResult(erased);
        }
    }

    /// <summary>
    /// Erases the events not erased yet among <paramref name="sequences"/>: their body and
    /// headers go, and their deliveries still to run are marked dead, since an empty body is not
    /// the event. A delivery already handed to a handler or destination may still finish with
    /// the payload it was given; its outcome no longer counts (its lease is gone).
    /// </summary>
    private static int Erase(SqliteWriter writer, SqliteTransaction transaction, List<long> sequences, DateTimeOffset erasedAt)
    {
        if (sequences.Count == 0)
            return 0;

        var list = string.Join(',', sequences);
        var erased = Sequences(writer.Connection, transaction,
            $"UPDATE events SET body = $body, headers = $headers, erased_at = $at WHERE seq IN ({list}) AND erased_at IS NULL RETURNING seq",
            ("$body", Array.Empty<byte>()), ("$headers", PrunedHeaders), ("$at", erasedAt.ToUnixTimeMilliseconds()));
        if (erased.Count == 0)
            return 0;

        using (var stop = Command(writer.Connection, transaction,
                   $"UPDATE deliveries SET status = 'dead', lease_id = NULL, last_error = $error WHERE event_seq IN ({string.Join(',', erased)}) AND {Due}",
                   ("$error", ErasureMessages.DeliveryStopped)))
        {
            stop.ExecuteNonQuery();
        }

        foreach (var sequence in erased)
            UpdateStatus(writer, sequence);

        return erased.Count;
    }
}
