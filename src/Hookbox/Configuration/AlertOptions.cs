namespace Hookbox;

/// <summary>
/// When Hookbox raises an alert and where it sends it. Every alert goes to the log (Error when it
/// fires or repeats, Information when it resolves), to <see cref="WebhookUrl"/> when one is set,
/// and to the dashboard while it is open.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>
    /// Whether this instance watches for alerts. Default true. Several instances on one
    /// PostgreSQL database each alert on what they see; turn it off on all but one to hear about
    /// the shared backlog once.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The sliding window failure and rejection rates are measured over. Default 5 minutes.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The rate, a fraction from 0 (excluded) to 1, that failed delivery attempts (of a route, or of
    /// a source's routes) or refused requests (of a source) must exceed to fire. Default 0.1: 10%.
    /// </summary>
    public double Threshold { get; set; } = 0.1;

    /// <summary>
    /// The least evidence a rate alert fires on: delivery attempts in the window for the failure
    /// rules, refused requests in the window for the rejection rule. Default 10, so one failed
    /// attempt out of two is not an alert.
    /// </summary>
    public int MinEvents { get; set; } = 10;

    /// <summary>How long the oldest pending delivery may wait before it is an alert. Default 15 minutes.</summary>
    public TimeSpan OldestPending { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an open alert stays quiet before it is sent again. Default 1 hour.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the rules are evaluated. Default 15 s; at most <see cref="Window"/>.</summary>
    public TimeSpan EvaluateEvery { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// An incoming webhook that gets each alert, its opening, repeats and resolution, as JSON
    /// <c>{"text":"…"}</c>: the body Slack's and Microsoft Teams' incoming webhooks accept.
    /// Unset (the default), alerts go to the log and the dashboard only. Such a URL is a secret:
    /// Hookbox never logs it.
    /// </summary>
    public string? WebhookUrl { get; set; }
}
