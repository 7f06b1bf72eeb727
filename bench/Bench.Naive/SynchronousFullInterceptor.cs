using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Bench.Naive;

/// <summary>
/// Sets <c>PRAGMA synchronous=FULL</c> on every connection EF Core opens, so that a
/// committed row has been fsynced, as durable as Hookbox's. <c>synchronous</c> is a
/// per-connection setting; <c>journal_mode=WAL</c> is stored in the file and set once at start.
/// </summary>
internal sealed class SynchronousFullInterceptor : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA synchronous=FULL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command)
        {
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
