namespace Hookbox;

/// <summary>Access to the events API, <c>/metrics</c> and the dashboard's data.</summary>
public sealed class AdminOptions
{
    /// <summary>The minimum token length accepted: shorter tokens can be guessed.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// The bearer token the API and <c>/metrics</c> require from every client, loopback included
    /// (<c>Authorization: Bearer …</c>); the dashboard asks for it once per browser tab. Unset (the
    /// default), one is generated on the first start into <c>&lt;DataDirectory&gt;/admin.token</c>
    /// (readable by its owner only) and reused afterwards. Required with the PostgreSQL store,
    /// where several instances must share one.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// For development only: clients on the loopback interface, not through a proxy and asking
    /// for a loopback name, need no token. Default <c>false</c>: a reverse proxy or a TCP forwarder
    /// on the same host makes every caller on the internet look local. A warning is logged at start.
    /// </summary>
    public bool AllowLocalWithoutToken { get; set; }

    /// <summary>
    /// How many failed admin authentications one client address may make in
    /// <see cref="FailedAttemptWindow"/> before it is answered 429 until the window ends, even with
    /// the right token. Default 10.
    /// </summary>
    public int MaxFailedAttempts { get; set; } = 10;

    /// <summary>The window <see cref="MaxFailedAttempts"/> counts over. Default one minute.</summary>
    public TimeSpan FailedAttemptWindow { get; set; } = TimeSpan.FromMinutes(1);
}
