namespace Hookbox.Storage;

/// <summary>One route's part of a lease: up to <paramref name="Max"/> of its due deliveries.</summary>
public sealed record LeaseRequest(string Route, int Max);
