using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.Data;

/// <summary>Activities' own database (activities-db), schema <see cref="Schema"/>, outbox and inbox included.</summary>
public sealed class ActivitiesDbContext(DbContextOptions<ActivitiesDbContext> options) : DbContext(options)
{
    public const string Schema = "activities";

    public DbSet<PipelineStageRecord> PipelineStages => Set<PipelineStageRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ActivitiesDbContext).Assembly);
        modelBuilder.AddMessagingEntities(Schema);
    }
}
