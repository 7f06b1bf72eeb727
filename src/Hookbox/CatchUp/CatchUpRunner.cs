using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>
/// One look at a sender's API: the window from the ledger's cursor, the sender's pages, which
/// listed events the inbox lacks, and those stored through the same group-commit path as a
/// webhook (dedupe, routes, dispatch), marked as recovered. Whatever the API answers, the look
/// ends in a recorded run; it never throws but for its caller's cancellation.
/// </summary>
internal sealed class CatchUpRunner(
    ICatchUpLedger ledger,
    IInboxAppender inbox,
    RouteTable routes,
    HookboxMetrics metrics,
    CatchUpBoard board,
    TimeProvider timeProvider,
    ILogger<CatchUpRunner> logger)
{
    // As deep as ingest reads a webhook's body: a recovered event is held to the same rule.
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = EnvelopeReader.MaxDepth };
    private static readonly byte[] NoHeaders = "{}"u8.ToArray();

    /// <summary>Runs the look <paramref name="tally"/> counts, from <paramref name="since"/> when given; <paramref name="stopping"/> is shutdown.</summary>
    public async Task<CatchUpRun> RunAsync(CatchUpSource source, DateTimeOffset? since, CatchUpTally tally, CancellationToken stopping)
    {
        string? error = null;
        string outcome = CatchUpOutcomes.Completed;
        using var timeout = new CancellationTokenSource(source.Options.RunTimeout, timeProvider);
        using var look = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            var cursor = await ledger.GetCatchUpCursorAsync(source.Name, look.Token).ConfigureAwait(false);
            var window = source.Window(timeProvider.GetUtcNow(), cursor, since);
            tally.Begin(window);
            CatchUpLog.Started(logger, source.Name, tally.Trigger, window.Start, window.End);

            var seenIds = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var page in source.Sender.ListAsync(window, look.Token).ConfigureAwait(false))
                await TakeAsync(source, page, seenIds, tally, look.Token).ConfigureAwait(false);
        }
        catch (CatchUpException ex)
        {
            (outcome, error) = (CatchUpOutcomes.Of(ex.Failure), ex.Message);
            if (ex.Failure == CatchUpFailure.Unauthorized)
                CatchUpLog.KeyRefused(logger, source.Name, ex.Message);
            else
                CatchUpLog.Failed(logger, source.Name, outcome, ex.Message, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            (outcome, error) = (CatchUpOutcomes.Of(CatchUpFailure.Timeout), $"the look took longer than its RunTimeout ({source.Options.RunTimeout})");
            CatchUpLog.Failed(logger, source.Name, outcome, error, null);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            (outcome, error) = (CatchUpOutcomes.Stopped, "Hookbox stopped during the look");
        }
        catch (StoreUnavailableException ex)
        {
            (outcome, error) = (CatchUpOutcomes.StoreUnavailable, $"the inbox could not store the recovered events: {ex.Message}");
            CatchUpLog.Failed(logger, source.Name, outcome, error, ex);
        }
        catch (Exception ex)
        {
            // The look's boundary: nothing an API answers may take Hookbox down.
            (outcome, error) = (CatchUpOutcomes.Failed, $"the look failed: {ex.GetType().Name}");
            CatchUpLog.Failed(logger, source.Name, outcome, error, ex);
        }

        var run = tally.Snapshot(timeProvider.GetUtcNow(), error);
        if (run.Completed)
            CatchUpLog.Completed(logger, source.Name, run.Seen, run.Present, run.Recovered, run.Malformed);

        await RecordAsync(run).ConfigureAwait(false);
        metrics.CatchUpRan(source.Name, outcome, run.FinishedAt!.Value); // just set
        board.Finished(run, run.Completed ? tally.Gap : null);
        return run;
    }

    private async Task TakeAsync(CatchUpSource source, CatchUpPage page, HashSet<string> seenIds, CatchUpTally tally, CancellationToken cancellationToken)
    {
        foreach (var reason in page.Malformed)
            Malformed(source, tally, reason);

        // An API may list one event twice across pages (a page boundary moving under new events).
        var items = page.Items.Where(i => seenIds.Add(i.EventId)).ToList();
        tally.Seen(items.Count + page.Malformed.Count);
        var missing = await MissingAsync(source, items, tally, cancellationToken).ConfigureAwait(false);
        var present = items.Count(i => i.Subject is not null || source.Sender.Match == CatchUpMatch.EventId) - missing.Count;
        tally.Present(present);
        metrics.CatchUpEvents(source.Name, CatchUpOutcomes.Present, present);

        // Appended together, so the page's events share the group commit's transactions.
        var appends = new List<(CatchUpItem Item, IncomingEvent Event, Task<AppendResult> Result)>(missing.Count);
        foreach (var listed in missing)
        {
            var item = listed.Payload.IsEmpty ? await source.Sender.CompleteAsync(listed, cancellationToken).ConfigureAwait(false) : listed;
            var problem = item is null ? $"the detail of {listed.EventType} {listed.EventId} could not be read" : Problem(item);
            if (item is null || problem is not null)
            {
                Malformed(source, tally, problem!); // set whenever item is null
                continue;
            }

            var incoming = new IncomingEvent(
                HookboxId.New(timeProvider),
                source.Name,
                new EventEnvelope(item.EventId, item.EventType, item.Subject),
                timeProvider.GetUtcNow(),
                item.OccurredAt,
                "application/json",
                NoHeaders,
                item.Payload,
                routes.Plan(source.Name, item.EventType, item.Payload),
                EventOrigin.CatchUp);
            appends.Add((item, incoming, inbox.AppendAsync(incoming, cancellationToken).AsTask()));
        }

        foreach (var (item, incoming, append) in appends)
        {
            var result = await append.ConfigureAwait(false);
            if (result.Status == AppendStatus.Accepted)
            {
                tally.Recovered(item.OccurredAt);
                metrics.CatchUpEvents(source.Name, CatchUpOutcomes.Recovered, 1);
                CatchUpLog.Recovered(logger, item.EventType, item.EventId, source.Name, result.Id);
            }
            else
            {
                // Its webhook arrived while the look was running.
                tally.Present(1);
                metrics.CatchUpEvents(source.Name, CatchUpOutcomes.Present, 1);
            }
        }
    }

    /// <summary>The listed items the inbox lacks, matched the sender's way.</summary>
    private async Task<List<CatchUpItem>> MissingAsync(CatchUpSource source, List<CatchUpItem> items, CatchUpTally tally, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
            return items;

        if (source.Sender.Match == CatchUpMatch.EventId)
        {
            var stored = await ledger.FindStoredEventIdsAsync(source.Name, [.. items.Select(i => i.EventId)], cancellationToken).ConfigureAwait(false);
            return [.. items.Where(i => !stored.Contains(i.EventId))];
        }

        var missing = new List<CatchUpItem>();
        foreach (var ofType in items.GroupBy(i => i.EventType, StringComparer.Ordinal))
        {
            var subjects = ofType.Where(i => i.Subject is not null).Select(i => i.Subject!).Distinct(StringComparer.Ordinal).ToList();
            var stored = await ledger.FindStoredSubjectsAsync(source.Name, ofType.Key, subjects, cancellationToken).ConfigureAwait(false);
            missing.AddRange(ofType.Where(i => i.Subject is not null && !stored.Contains(i.Subject)));
        }

        // An item matched by subject that has none can't be matched: counted as malformed, never stored blind.
        foreach (var unmatched in items.Where(i => i.Subject is null))
            Malformed(source, tally, $"{unmatched.EventType} {unmatched.EventId} has no subject to match it by");

        return missing;
    }

    /// <summary>Why an item can't be stored as an event, or null: the rules a webhook's envelope and body are held to.</summary>
    private static string? Problem(CatchUpItem item)
    {
        if (item.EventId.Length > EnvelopeReader.MaxFieldLength || item.EventType.Length > EnvelopeReader.MaxFieldLength
            || !HeaderSafeText.Allows(item.EventId) || !HeaderSafeText.Allows(item.EventType))
            return "an item's id or type is empty, longer than 256 characters or not printable ASCII";

        try
        {
            using var _ = JsonDocument.Parse(item.Payload, ParseOptions);
            return null;
        }
        catch (JsonException)
        {
            return $"the payload of {item.EventType} {item.EventId} is not JSON";
        }
    }

    private void Malformed(CatchUpSource source, CatchUpTally tally, string reason)
    {
        tally.Malformed(1);
        metrics.CatchUpEvents(source.Name, CatchUpOutcomes.Malformed, 1);
        CatchUpLog.Malformed(logger, source.Name, reason);
    }

    private async Task RecordAsync(CatchUpRun run)
    {
        // Recorded even while Hookbox stops: a run the ledger doesn't have can't move the cursor,
        // and an unrecorded failure would look like a look that never ran.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), timeProvider);
        try
        {
            await ledger.RecordCatchUpRunAsync(run, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CatchUpLog.RecordFailed(logger, run.Source, ex);
        }
    }
}
