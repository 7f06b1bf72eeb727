// Benchmark: how Hookbox's PostgreSQL group commit should send a batch. The same events (~600-byte
// bodies, unique ids) go in, one batch after another on one connection as the writer does, by
// (a) one INSERT … SELECT FROM unnest($arrays) ON CONFLICT DO NOTHING RETURNING, one round trip
// and an implicit transaction, or (b) BEGIN; COPY (binary) into a temporary staging table;
// INSERT … SELECT FROM staging ON CONFLICT DO NOTHING RETURNING; COMMIT.
//
//   dotnet run -c Release --project bench/Bench.PgBatch -- "<connection string>" [seconds per case]
using System.Diagnostics;
using System.Text;
using Npgsql;
using NpgsqlTypes;

var connectionString = args.Length > 0 ? args[0] : throw new ArgumentException("usage: Bench.PgBatch <connection string> [seconds per case]");
var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
await using var dataSource = NpgsqlDataSource.Create(connectionString);

var body = Encoding.UTF8.GetBytes(new string('x', 600));
var headers = Encoding.UTF8.GetBytes("""{"content-type":"application/json"}""");
var sequence = 0L;

Console.WriteLine("| strategy | batch | events/s | ms per batch |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
foreach (var batch in new[] { 1, 16, 64, 256 })
{
    foreach (var strategy in new[] { "unnest", "copy" })
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await Execute(connection, """
            DROP SCHEMA IF EXISTS pgbatch CASCADE; CREATE SCHEMA pgbatch;
            CREATE TABLE pgbatch.events (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text NOT NULL UNIQUE, source text NOT NULL,
                event_id text NOT NULL, received_at timestamptz NOT NULL, headers bytea NOT NULL, body bytea NOT NULL, UNIQUE (source, event_id));
            CREATE TEMP TABLE staging (id text, source text, event_id text, received_at timestamptz, headers bytea, body bytea) ON COMMIT DELETE ROWS;
            """);

        // A second of warm-up, then the measured run.
        await RunAsync(connection, strategy, batch, TimeSpan.FromSeconds(1));
        var (events, batches, elapsed) = await RunAsync(connection, strategy, batch, TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"| {strategy} | {batch} | {events / elapsed.TotalSeconds:N0} | {elapsed.TotalMilliseconds / batches:0.00} |");
    }
}

async Task<(long Events, long Batches, TimeSpan Elapsed)> RunAsync(NpgsqlConnection connection, string strategy, int size, TimeSpan duration)
{
    var clock = Stopwatch.StartNew();
    long events = 0, batches = 0;
    while (clock.Elapsed < duration)
    {
        var ids = Enumerable.Range(0, size).Select(_ => $"evt_{Interlocked.Increment(ref sequence)}").ToArray();
        var inserted = strategy == "unnest" ? await UnnestAsync(connection, ids) : await CopyAsync(connection, ids);
        if (inserted != size)
            throw new InvalidOperationException($"{strategy} inserted {inserted} of {size}");

        events += size;
        batches++;
    }

    return (events, batches, clock.Elapsed);
}

async Task<int> UnnestAsync(NpgsqlConnection connection, string[] ids)
{
    await using var command = new NpgsqlCommand("""
        INSERT INTO pgbatch.events (id, source, event_id, received_at, headers, body)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bytea[], $6::bytea[])
        ON CONFLICT (source, event_id) DO NOTHING RETURNING id
        """, connection);
    var now = DateTimeOffset.UtcNow;
    command.Parameters.Add(new NpgsqlParameter { Value = ids });
    command.Parameters.Add(new NpgsqlParameter { Value = ids.Select(_ => "pocketsflow").ToArray() });
    command.Parameters.Add(new NpgsqlParameter { Value = ids });
    command.Parameters.Add(new NpgsqlParameter { Value = ids.Select(_ => now).ToArray() });
    command.Parameters.Add(new NpgsqlParameter { Value = ids.Select(_ => headers).ToArray() });
    command.Parameters.Add(new NpgsqlParameter { Value = ids.Select(_ => body).ToArray() });
    return await CountAsync(command);
}

async Task<int> CopyAsync(NpgsqlConnection connection, string[] ids)
{
    await using var transaction = await connection.BeginTransactionAsync();
    var now = DateTimeOffset.UtcNow;
    await using (var writer = await connection.BeginBinaryImportAsync("COPY staging (id, source, event_id, received_at, headers, body) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var id in ids)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(id, NpgsqlDbType.Text);
            await writer.WriteAsync("pocketsflow", NpgsqlDbType.Text);
            await writer.WriteAsync(id, NpgsqlDbType.Text);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(headers, NpgsqlDbType.Bytea);
            await writer.WriteAsync(body, NpgsqlDbType.Bytea);
        }

        await writer.CompleteAsync();
    }

    await using var command = new NpgsqlCommand("""
        INSERT INTO pgbatch.events (id, source, event_id, received_at, headers, body)
        SELECT id, source, event_id, received_at, headers, body FROM staging
        ON CONFLICT (source, event_id) DO NOTHING RETURNING id
        """, connection, transaction);
    var inserted = await CountAsync(command);
    await transaction.CommitAsync();
    return inserted;
}

static async Task<int> CountAsync(NpgsqlCommand command)
{
    var count = 0;
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
        count++;

    return count;
}

static async Task Execute(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}
