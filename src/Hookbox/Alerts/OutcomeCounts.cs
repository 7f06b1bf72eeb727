namespace Hookbox;

/// <summary>One route's attempts or one source's requests in the window, by outcome.</summary>
/// <param name="ByOutcome">Outcome (<c>succeeded</c>, <c>dead</c>, <c>invalid_signature</c>…) to count; outcomes never seen are absent.</param>
internal sealed record OutcomeCounts(IReadOnlyDictionary<string, long> ByOutcome)
{
    public long Total => ByOutcome.Values.Sum();

    public long Where(Func<string, bool> outcome) => ByOutcome.Where(c => outcome(c.Key)).Sum(c => c.Value);

    /// <summary>Adds two subjects' counts, as a source's routes add up.</summary>
    public OutcomeCounts Plus(OutcomeCounts other)
    {
        var sum = new Dictionary<string, long>(ByOutcome, StringComparer.Ordinal);
        foreach (var (outcome, count) in other.ByOutcome)
            sum[outcome] = sum.GetValueOrDefault(outcome) + count;

        return new OutcomeCounts(sum);
    }

    /// <summary>These counts less <paramref name="other"/>'s, never below zero.</summary>
    public OutcomeCounts Minus(OutcomeCounts other)
    {
        var rest = new Dictionary<string, long>(ByOutcome, StringComparer.Ordinal);
        foreach (var (outcome, count) in other.ByOutcome)
        {
            if (rest.TryGetValue(outcome, out var have))
                rest[outcome] = Math.Max(0, have - count);
        }

        return new OutcomeCounts(rest);
    }
}
