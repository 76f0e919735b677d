using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Attribution.Data;

/// <summary>Attribution's own database (attribution-db), schema <see cref="Schema"/>, outbox and inbox included.</summary>
public sealed class AttributionDbContext(DbContextOptions<AttributionDbContext> options) : DbContext(options)
{
    public const string Schema = "attribution";

    public DbSet<RoleModelVersionRecord> RoleModelVersions => Set<RoleModelVersionRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AttributionDbContext).Assembly);
        modelBuilder.AddMessagingEntities(Schema);
    }
}
