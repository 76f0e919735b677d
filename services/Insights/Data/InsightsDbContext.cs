using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Insights.Data;

/// <summary>Insights' own database (insights-db): read models built from other services' events, plus its inbox.</summary>
public sealed class InsightsDbContext(DbContextOptions<InsightsDbContext> options) : DbContext(options)
{
    public const string Schema = "insights";

    public DbSet<LeadIntakeDaily> LeadIntakeDaily => Set<LeadIntakeDaily>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(InsightsDbContext).Assembly);
        modelBuilder.AddMessagingEntities(Schema);
    }
}
