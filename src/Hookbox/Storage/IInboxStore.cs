namespace Hookbox.Storage;

/// <summary>
/// A durable inbox: unique on (source, event id), with a schema that migrates itself.
/// SQLite and PostgreSQL implement it, and one contract test suite holds them to it.
/// </summary>
public interface IInboxStore : IInboxBatchWriter, IInboxQueries, IInboxSchema, IDeliveryLeases, IInboxProbe, IInboxStats, IInboxRetention, IInboxErasure, ICatchUpLedger, IInboxAdmin
{
}
