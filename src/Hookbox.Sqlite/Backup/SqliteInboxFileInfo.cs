namespace Hookbox.Sqlite;

/// <summary>An inbox file as <see cref="SqliteInboxBackup"/> and <see cref="SqliteInboxRestore"/> report it.</summary>
/// <param name="Path">The file, as a full path.</param>
/// <param name="Events">The events it holds.</param>
/// <param name="Bytes">Its size on disk.</param>
/// <param name="SchemaVersion">Its inbox schema version; a Hookbox that knows a later one migrates it when it opens it.</param>
public sealed record SqliteInboxFileInfo(string Path, long Events, long Bytes, int SchemaVersion);
