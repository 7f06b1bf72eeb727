namespace Hookbox;

/// <summary>One change of one alert, sent to every sink.</summary>
/// <param name="Change">Fired, repeated or resolved.</param>
/// <param name="Alert">The alert, with the message of this evaluation.</param>
/// <param name="Figures">The numbers behind the message.</param>
/// <param name="At">When the change was seen.</param>
internal sealed record AlertNotification(AlertChange Change, Alert Alert, AlertFigures Figures, DateTimeOffset At)
{
    /// <summary>The one line a person reads in a chat channel.</summary>
    public string Text => Change switch
    {
        AlertChange.Fired => $"[Hookbox] Alert: {Alert.Message}",
        AlertChange.Repeated => $"[Hookbox] Still open since {AlertText.Time(Alert.Since)}: {Alert.Message}",
        _ => $"[Hookbox] Resolved after {AlertText.Duration(At - Alert.Since)}: {Alert.Message}",
    };
}
