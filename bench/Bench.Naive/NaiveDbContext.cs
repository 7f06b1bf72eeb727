using Microsoft.EntityFrameworkCore;

namespace Bench.Naive;

internal sealed class NaiveDbContext(DbContextOptions<NaiveDbContext> options, NaiveSchema schema) : DbContext(options)
{
    public DbSet<WebhookEvent> Events => Set<WebhookEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (schema.Name is not null)
            modelBuilder.HasDefaultSchema(schema.Name);

        var events = modelBuilder.Entity<WebhookEvent>();
        events.HasIndex(e => e.EventId).IsUnique();
    }
}
