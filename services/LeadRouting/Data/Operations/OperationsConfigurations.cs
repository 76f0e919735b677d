using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Data.Operations;

/// <summary>Durable timers (SLA clocks, recycle sweep) in the context's default schema; table created by the Operations migration.</summary>
internal sealed class DurableTimerConfiguration : IEntityTypeConfiguration<DurableTimer>
{
    public void Configure(EntityTypeBuilder<DurableTimer> builder) => builder.MapDurableTimer();
}

internal sealed class CustomerBreakerRecordConfiguration : IEntityTypeConfiguration<CustomerBreakerRecord>
{
    public void Configure(EntityTypeBuilder<CustomerBreakerRecord> b)
    {
        b.ToTable("customer_breakers");
        b.HasKey(x => x.CustomerId);
        b.Property(x => x.CustomerId).HasColumnName("customer_id").ValueGeneratedNever();
        b.Property(x => x.LeadId).HasColumnName("lead_id");
        b.Property(x => x.ConsecutiveReds).HasColumnName("consecutive_reds");
        b.Property(x => x.Tripped).HasColumnName("tripped");
        b.Property(x => x.LastEventId).HasColumnName("last_event_id");
        b.Property(x => x.LastEventAt).HasColumnName("last_event_at");
        b.Property(x => x.ForgivenThrough).HasColumnName("forgiven_through");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
    }
}

internal sealed class FollowUpRevocationRecordConfiguration : IEntityTypeConfiguration<FollowUpRevocationRecord>
{
    public void Configure(EntityTypeBuilder<FollowUpRevocationRecord> b)
    {
        b.ToTable("follow_up_revocations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.LeadId).HasColumnName("lead_id");
        b.Property(x => x.CustomerId).HasColumnName("customer_id");
        b.Property(x => x.RepUserId).HasColumnName("rep_user_id");
        b.Property(x => x.ReasonZh).HasColumnName("reason_zh");
        b.Property(x => x.ReasonEn).HasColumnName("reason_en");
        b.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        b.Property(x => x.RestoredAt).HasColumnName("restored_at");
        b.Property(x => x.RestoredBy).HasColumnName("restored_by");
        b.Property(x => x.RestoredByAppealId).HasColumnName("restored_by_appeal_id");
    }
}

internal sealed class LeadAppealRecordConfiguration : IEntityTypeConfiguration<LeadAppealRecord>
{
    public void Configure(EntityTypeBuilder<LeadAppealRecord> b)
    {
        b.ToTable("lead_appeals");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.LeadId).HasColumnName("lead_id");
        b.Property(x => x.CustomerId).HasColumnName("customer_id");
        b.Property(x => x.RepUserId).HasColumnName("rep_user_id");
        b.Property(x => x.Reason).HasColumnName("reason");
        b.Property(x => x.Status).HasColumnName("status");
        b.Property(x => x.FiledAt).HasColumnName("filed_at");
        b.Property(x => x.DecidedBy).HasColumnName("decided_by");
        b.Property(x => x.DecisionReason).HasColumnName("decision_reason");
        b.Property(x => x.DecidedAt).HasColumnName("decided_at");
        b.HasMany(x => x.Evidence).WithOne().HasForeignKey(e => e.AppealId);
    }
}

internal sealed class LeadAppealEvidenceRecordConfiguration : IEntityTypeConfiguration<LeadAppealEvidenceRecord>
{
    public void Configure(EntityTypeBuilder<LeadAppealEvidenceRecord> b)
    {
        b.ToTable("lead_appeal_evidence");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.AppealId).HasColumnName("appeal_id");
        b.Property(x => x.Position).HasColumnName("position");
        b.Property(x => x.FileName).HasColumnName("file_name");
        b.Property(x => x.FileType).HasColumnName("file_type");
        b.Property(x => x.Category).HasColumnName("category");
        b.Property(x => x.SizeBytes).HasColumnName("size_bytes");
        b.Property(x => x.Content).HasColumnName("content");
    }
}
