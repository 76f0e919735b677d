using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.Activities.Data.FollowUp;

/// <summary>
/// Maps the service's durable timers (table created by migration 20261122150100_FollowUpTimers)
/// without touching the CORE DbContext: ApplyConfigurationsFromAssembly picks this up. One mapping
/// for the whole context — any other Activities timer kind uses the same table.
/// </summary>
internal sealed class DurableTimerConfiguration : IEntityTypeConfiguration<DurableTimer>
{
    public void Configure(EntityTypeBuilder<DurableTimer> builder) => builder.MapDurableTimer(ActivitiesDbContext.Schema);
}
