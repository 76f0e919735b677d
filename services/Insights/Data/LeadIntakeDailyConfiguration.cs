using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Insights.Data;

internal sealed class LeadIntakeDailyConfiguration : IEntityTypeConfiguration<LeadIntakeDaily>
{
    public void Configure(EntityTypeBuilder<LeadIntakeDaily> row)
    {
        row.ToTable("lead_intake_daily");
        row.HasKey(r => new { r.DayUtc, r.Channel });
        row.Property(r => r.DayUtc).HasColumnName("day_utc");
        row.Property(r => r.Channel).HasColumnName("channel");
        row.Property(r => r.LeadCount).HasColumnName("lead_count");
        row.Property(r => r.LastReceivedAt).HasColumnName("last_received_at");
    }
}
