namespace Hookbox;

/// <summary>Catch-up as the events API and the CLI see it: start a look now, and read the recent ones.</summary>
public interface ICatchUpControl
{
    /// <summary>
    /// Starts a look at <paramref name="source"/>'s API in the background, from
    /// <paramref name="since"/> when given (capped by its <c>MaxAge</c>), else from its cursor.
    /// </summary>
    Task<CatchUpStart> StartAsync(string source, DateTimeOffset? since, CancellationToken cancellationToken);

    /// <summary>The source's recent looks, newest first, the one running now (on this instance) included; null when the source has no catch-up.</summary>
    Task<IReadOnlyList<CatchUpRun>?> ListRunsAsync(string source, int limit, CancellationToken cancellationToken);
}
