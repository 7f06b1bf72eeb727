namespace Hookbox.Storage.Relational;

/// <summary>A column a provider writes when it inserts a <typeparamref name="T"/>: its name, its type, and where its value comes from.</summary>
internal sealed record InsertColumn<T>(string Name, SqlType Type, Func<T, object?> Value);
