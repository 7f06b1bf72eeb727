namespace Hookbox.Sqlite;

/// <summary>What <see cref="SqliteInboxRestore.RestoreAsync"/> put in place, and where the inbox it replaced went.</summary>
/// <param name="Restored">The inbox file now in place.</param>
/// <param name="PreviousPath">Where the replaced inbox is kept (<c>{name}.before-restore-{time}</c>), or null when there was none.</param>
public sealed record SqliteRestoreResult(SqliteInboxFileInfo Restored, string? PreviousPath);
