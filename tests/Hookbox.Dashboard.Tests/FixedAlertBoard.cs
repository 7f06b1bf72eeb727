namespace Hookbox.Dashboard.Tests;

/// <summary>An alert board holding what the test gives it: the alert rules are tested where they live, not here.</summary>
internal sealed class FixedAlertBoard(IReadOnlyList<Alert> open) : IAlertBoard
{
    public IReadOnlyList<Alert> Open => open;
}
