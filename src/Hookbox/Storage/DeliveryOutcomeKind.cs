namespace Hookbox.Storage;

/// <summary>What an attempt came to.</summary>
public enum DeliveryOutcomeKind
{
    /// <summary>It succeeded: the delivery is done.</summary>
    Succeeded,

    /// <summary>It failed and another attempt is scheduled.</summary>
    Retrying,

    /// <summary>It failed and was the last allowed: the delivery is dead until replayed.</summary>
    Dead,

    /// <summary>
    /// It was stopped before it finished (shutdown): the lease is released, the attempt does not
    /// count, and the delivery is due again, still pending.
    /// </summary>
    Released,
}
