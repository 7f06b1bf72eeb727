using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hookbox.AspNetCore;

/// <summary>
/// Ready means events can be recorded now: the store answers, and the group-commit writer is
/// not so far behind that ingest is about to answer 503.
/// </summary>
internal sealed class InboxHealthCheck(IInboxProbe store, GroupCommitWriter writer) : IHealthCheck
{
    // A probe slower than this would be a timeout at the sender too.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await store.ProbeAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the inbox store does not answer: {ex.Message}");
        }

        var (queued, limit) = writer.Backlog;
        return queued * 2 > limit
            ? HealthCheckResult.Degraded($"{queued} events wait for a commit; ingest answers 503 past {limit}")
            : HealthCheckResult.Healthy($"{queued} events wait for a commit");
    }
}
