namespace Hookbox.Storage;

/// <summary>Whether the store answers now: what readiness reports.</summary>
public interface IInboxProbe
{
    /// <summary>Completes when the store answered a trivial query; throws with the store's error when it did not.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
