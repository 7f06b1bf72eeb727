namespace Hookbox.Cli;

/// <summary>What <c>hookbox verify</c> concluded, and why, in words a person can act on.</summary>
/// <param name="Code">A stable word for scripts; see <see cref="DiagnosisCodes"/>.</param>
/// <param name="Message">What is wrong and what to do about it.</param>
/// <param name="SenderTimestamp">The timestamp the request carried, when it carried one.</param>
internal sealed record Diagnosis(string Code, string Message, DateTimeOffset? SenderTimestamp = null)
{
    public bool IsValid => Code == DiagnosisCodes.Valid;
}
