namespace Bench.Naive;

/// <summary>
/// The schema that holds the <c>Events</c> table on PostgreSQL, or <see langword="null"/> on
/// SQLite, which has none. One per process: EF Core builds the model once per context type.
/// </summary>
internal sealed record NaiveSchema(string? Name);
