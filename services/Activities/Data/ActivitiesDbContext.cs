using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.Data;

/// <summary>Activities' own database (activities-db), schema <see cref="Schema"/>, outbox and inbox included.</summary>
public sealed class ActivitiesDbContext(DbContextOptions<ActivitiesDbContext> options) : DbContext(options)
{
    public const string Schema = "activities";

    public DbSet<PipelineStageRecord> PipelineStages => Set<PipelineStageRecord>();
    public DbSet<RepRecord> Reps => Set<RepRecord>();
    public DbSet<CustomerRecord> Customers => Set<CustomerRecord>();
    public DbSet<OpportunityRecord> Opportunities => Set<OpportunityRecord>();
    public DbSet<PlaybookRecord> Playbooks => Set<PlaybookRecord>();
    public DbSet<RuleSetRecord> RuleSets => Set<RuleSetRecord>();
    public DbSet<StoredVisitRecord> VisitRecords => Set<StoredVisitRecord>();
    public DbSet<AutomaticFlagRecord> AutomaticFlags => Set<AutomaticFlagRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ActivitiesDbContext).Assembly);
        modelBuilder.AddMessagingEntities(Schema);
    }
}
