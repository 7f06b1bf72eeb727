namespace Hookbox;

/// <summary>The open alerts as the monitor last saw them, for the dashboard: replaced whole at each evaluation, so a reader never sees half of one.</summary>
internal sealed class AlertBoard : IAlertBoard
{
    private IReadOnlyList<Alert> _open = [];

    public IReadOnlyList<Alert> Open => Volatile.Read(ref _open);

    public void Publish(IReadOnlyList<Alert> open) => Volatile.Write(ref _open, open);
}
