using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// Applies <c>Hookbox:Retention</c> in the background: at start and then every
/// <see cref="RetentionOptions.Interval"/>, deletes the delivered events older than
/// <see cref="RetentionOptions.DedupeKeys"/>, then empties the payloads of those older than
/// <see cref="RetentionOptions.Payloads"/>, and deletes the unrouted and dead events older than
/// <see cref="RetentionOptions.Unrouted"/> and <see cref="RetentionOptions.Dead"/> (unless those
/// are zero), each a small batch at a time until a batch comes back short. A store that fails is
/// tried again at the next interval.
/// </summary>
internal sealed partial class RetentionService : BackgroundService
{
    private readonly IInboxRetention _store;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RetentionService> _logger;

    public RetentionService(IInboxRetention store, IOptions<HookboxOptions> options, TimeProvider timeProvider, ILogger<RetentionService> logger)
    {
        _store = store;
        _options = options.Value.Retention;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path whatever the host version does with the synchronous part:
        // the SQLite store answers synchronously, and the first pass after an upgrade can be long.
        await Task.Yield();
        try
        {
            while (true)
            {
                await PruneAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(_options.Interval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; whatever was not pruned is pruned at the next start.
        }
    }

    /// <summary>One pass over both rules, as of now.</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var dedupeBefore = now - _options.DedupeKeys;
        var payloadsBefore = now - _options.Payloads;
        try
        {
            // Events past their dedupe keys go first: emptying their payloads would be wasted work.
            var deleted = await DrainAsync(max => _store.PruneDedupeKeysAsync(dedupeBefore, max, cancellationToken)).ConfigureAwait(false);
            var pruned = await DrainAsync(max => _store.PrunePayloadsAsync(payloadsBefore, now, max, cancellationToken)).ConfigureAwait(false);
            var unrouted = await PruneEventsAsync(EventStatus.Unrouted, _options.Unrouted, now, cancellationToken).ConfigureAwait(false);
            var dead = await PruneEventsAsync(EventStatus.Dead, _options.Dead, now, cancellationToken).ConfigureAwait(false);
            if (deleted + pruned > 0)
                Log.Pruned(_logger, pruned, payloadsBefore, deleted, dedupeBefore);

            if (unrouted + dead > 0)
                Log.PrunedWaiting(_logger, unrouted, dead);

            if (deleted + pruned + unrouted + dead == 0)
                Log.NothingToPrune(_logger);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The loop's boundary: the store may be down or busy; nothing is lost by waiting.
            Log.PruneFailed(_logger, _options.Interval, ex);
        }
    }

    /// <summary>Deletes the events of <paramref name="status"/> older than <paramref name="keep"/>; zero keeps them.</summary>
    private Task<int> PruneEventsAsync(EventStatus status, TimeSpan keep, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (keep == TimeSpan.Zero)
            return Task.FromResult(0);

        var before = now - keep;
        return DrainAsync(max => _store.PruneEventsAsync(status, before, max, cancellationToken));
    }

    /// <summary>Runs batches until one comes back short; returns how many rows they touched.</summary>
    private async Task<int> DrainAsync(Func<int, Task<int>> prune)
    {
        var total = 0;
        while (true)
        {
            var count = await prune(_options.BatchSize).ConfigureAwait(false);
            total += count;
            if (count < _options.BatchSize)
                return total;

            // Each batch is its own short transaction; between two, ingest and dispatch get the
            // store (on SQLite, its one writer) before the next one starts.
            await Task.Yield();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Retention.Pruned, Level = LogLevel.Information, Message = "Retention emptied the payloads of {Payloads} delivered events received before {PayloadsBefore:O} and deleted {Events} delivered events received before {DedupeKeysBefore:O}")]
        public static partial void Pruned(ILogger logger, int payloads, DateTimeOffset payloadsBefore, int events, DateTimeOffset dedupeKeysBefore);

        [LoggerMessage(EventId = LogEventIds.Retention.PrunedWaiting, Level = LogLevel.Information, Message = "Retention deleted {Unrouted} unrouted events past Hookbox:Retention:Unrouted and {Dead} dead events past Hookbox:Retention:Dead")]
        public static partial void PrunedWaiting(ILogger logger, int unrouted, int dead);

        [LoggerMessage(EventId = LogEventIds.Retention.NothingToPrune, Level = LogLevel.Debug, Message = "Retention found nothing to prune")]
        public static partial void NothingToPrune(ILogger logger);

        [LoggerMessage(EventId = LogEventIds.Retention.PruneFailed, Level = LogLevel.Warning, Message = "Retention could not prune the inbox; trying again in {Interval}")]
        public static partial void PruneFailed(ILogger logger, TimeSpan interval, Exception exception);
    }
}
