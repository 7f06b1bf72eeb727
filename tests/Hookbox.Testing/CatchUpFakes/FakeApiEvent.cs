namespace Hookbox.Testing;

/// <summary>An event a fake API holds.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Json">Its JSON, exactly as the list answers it: the body its webhook would carry.</param>
public sealed record FakeApiEvent(string Id, string Json);
