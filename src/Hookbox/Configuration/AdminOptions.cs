namespace Hookbox;

/// <summary>Access to the events API and the dashboard.</summary>
public sealed class AdminOptions
{
    /// <summary>The minimum token length accepted: shorter tokens can be guessed.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// The bearer token the API requires (<c>Authorization: Bearer …</c>); the dashboard asks for
    /// it once per browser tab. Unset (the default), the API and the dashboard answer clients on
    /// the loopback interface only.
    /// </summary>
    public string? Token { get; set; }
}
