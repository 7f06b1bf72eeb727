using Microsoft.EntityFrameworkCore;

namespace Bench.Naive;

internal sealed class NaiveDbContext(DbContextOptions<NaiveDbContext> options) : DbContext(options)
{
    public DbSet<WebhookEvent> Events => Set<WebhookEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var events = modelBuilder.Entity<WebhookEvent>();
        events.HasIndex(e => e.EventId).IsUnique();
    }
}
