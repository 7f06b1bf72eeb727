namespace Hookbox;

/// <summary>The alerts open now, for the dashboard.</summary>
public interface IAlertBoard
{
    /// <summary>The alerts that fired and have not resolved, oldest first.</summary>
    IReadOnlyList<Alert> Open { get; }
}
