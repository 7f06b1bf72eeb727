namespace Hookbox;

/// <summary>A webhook request to the known source <paramref name="Source"/> was answered.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Outcome">
/// <see cref="HookboxMetrics.Outcomes.Accepted"/>, <see cref="HookboxMetrics.Outcomes.Duplicate"/>,
/// <see cref="HookboxMetrics.Outcomes.Abandoned"/> or the error code the sender was answered with.
/// </param>
internal readonly record struct RequestAnswered(string Source, string Outcome)
{
    /// <summary>The event was in the inbox already: the sender delivered it again.</summary>
    public bool Duplicate => Outcome == HookboxMetrics.Outcomes.Duplicate;

    /// <summary>Accepted or a duplicate: either way, the sender's webhooks are getting through.</summary>
    public bool Delivered => Outcome is HookboxMetrics.Outcomes.Accepted or HookboxMetrics.Outcomes.Duplicate;
}
