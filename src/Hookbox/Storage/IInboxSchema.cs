namespace Hookbox.Storage;

/// <summary>A store's schema, which migrates itself to the version this build needs.</summary>
public interface IInboxSchema
{
    /// <summary>Creates or upgrades the store's schema; a no-op when it is current.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
}
