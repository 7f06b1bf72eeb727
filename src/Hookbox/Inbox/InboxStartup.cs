using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>
/// Brings the inbox up before the server takes requests (the schema migrated, the writer
/// running) and, on shutdown, commits what is queued after the server has stopped taking them.
/// </summary>
internal sealed partial class InboxStartup(IInboxSchema schema, GroupCommitWriter writer, ILogger<InboxStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await schema.MigrateAsync(cancellationToken).ConfigureAwait(false);
        writer.Start();
        Log.InboxReady(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => writer.StopAsync(cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Inbox.Ready, Level = LogLevel.Debug, Message = "Inbox schema is current and the writer is running")]
        public static partial void InboxReady(ILogger logger);
    }
}
