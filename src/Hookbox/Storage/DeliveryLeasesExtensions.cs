namespace Hookbox.Storage;

/// <summary>Leasing one route's deliveries, for callers that look at a single route.</summary>
public static class DeliveryLeasesExtensions
{
    /// <summary>Leases up to <paramref name="max"/> due deliveries of <paramref name="route"/>; see <see cref="IDeliveryLeases.LeaseAsync"/>.</summary>
    public static Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(this IDeliveryLeases leases, string route, int max, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        return leases.LeaseAsync([new LeaseRequest(route, max)], now, leaseUntil, maxAttempts, cancellationToken);
    }
}
