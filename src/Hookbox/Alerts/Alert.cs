namespace Hookbox;

/// <summary>An alert that fired and has not resolved.</summary>
/// <param name="Key">What it is about, stable while it lasts, such as <c>route-failures:orders</c>.</param>
/// <param name="Kind">Its rule, one of <see cref="AlertKinds"/>: <c>route-failures</c>, <c>source-failures</c>, <c>rejections</c>, <c>oldest-pending</c>, <c>silence</c>, <c>gaps</c> or <c>catch-up</c>.</param>
/// <param name="Subject">The route or source it concerns, or null for the inbox as a whole.</param>
/// <param name="Message">What a person on call reads: what is wrong, by how much, over what window.</param>
/// <param name="Since">When it fired.</param>
public sealed record Alert(string Key, string Kind, string? Subject, string Message, DateTimeOffset Since);
