using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Revenue.Data;

/// <summary>Revenue's own database (revenue-db), schema <see cref="Schema"/>, outbox and inbox included.</summary>
public sealed class RevenueDbContext(DbContextOptions<RevenueDbContext> options) : DbContext(options)
{
    public const string Schema = "revenue";

    public DbSet<RevenueBasisRecord> RevenueBases => Set<RevenueBasisRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RevenueDbContext).Assembly);
        modelBuilder.AddMessagingEntities(Schema);
    }
}
