using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Data;

/// <summary>LeadRouting's own database (leads-db), schema <see cref="Schema"/>, outbox and inbox included.</summary>
public sealed class LeadRoutingDbContext(DbContextOptions<LeadRoutingDbContext> options) : DbContext(options)
{
    public const string Schema = "lead_routing";

    public DbSet<LeadRecord> Leads => Set<LeadRecord>();
    public DbSet<LeadSourceRecord> LeadSources => Set<LeadSourceRecord>();
    public DbSet<LeadMergeRecord> LeadMerges => Set<LeadMergeRecord>();
    public DbSet<LeadAssignmentRecord> LeadAssignments => Set<LeadAssignmentRecord>();
    public DbSet<LeadContactRecord> LeadContacts => Set<LeadContactRecord>();
    public DbSet<RepRecord> Reps => Set<RepRecord>();
    public DbSet<RepSlaRecord> RepSlaRecords => Set<RepSlaRecord>();
    public DbSet<RoutingPolicyRecord> RoutingPolicies => Set<RoutingPolicyRecord>();
    public DbSet<HistoryEntryRecord> History => Set<HistoryEntryRecord>();
    public DbSet<HistoryDraftRecord> HistoryDrafts => Set<HistoryDraftRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LeadRoutingDbContext).Assembly);
        modelBuilder.AddMessagingEntities(Schema);
    }
}
