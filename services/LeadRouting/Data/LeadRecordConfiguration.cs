using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.LeadRouting.Data;

internal sealed class LeadRecordConfiguration : IEntityTypeConfiguration<LeadRecord>
{
    public const string IdempotencyKeyIndex = "ux_leads_idempotency_key";

    public void Configure(EntityTypeBuilder<LeadRecord> lead)
    {
        lead.ToTable("leads");
        lead.HasKey(l => l.Id);
        lead.Property(l => l.Id).HasColumnName("id").ValueGeneratedNever();
        lead.Property(l => l.IdempotencyKey).HasColumnName("idempotency_key");
        lead.HasIndex(l => l.IdempotencyKey).IsUnique().HasDatabaseName(IdempotencyKeyIndex);
        lead.Property(l => l.Channel).HasColumnName("channel");
        lead.Property(l => l.ReceivedAt).HasColumnName("received_at");
        lead.Property(l => l.CapturedAt).HasColumnName("captured_at");
        lead.Property(l => l.Name).HasColumnName("name");
        lead.Property(l => l.Phone).HasColumnName("phone");
        lead.Property(l => l.PhoneNormalized).HasColumnName("phone_normalized");
        lead.HasIndex(l => l.PhoneNormalized).HasDatabaseName("ix_leads_phone_normalized");
        lead.Property(l => l.Email).HasColumnName("email");
        lead.Property(l => l.EmailNormalized).HasColumnName("email_normalized");
        lead.HasIndex(l => l.EmailNormalized).HasDatabaseName("ix_leads_email_normalized");
        lead.Property(l => l.Company).HasColumnName("company");
        lead.Property(l => l.CompanyKey).HasColumnName("company_key");
        lead.Property(l => l.City).HasColumnName("city");
        lead.Property(l => l.ProductTags).HasColumnName("product_tags");
        lead.Property(l => l.Payload).HasColumnName("payload").HasColumnType("jsonb");
        lead.Property(l => l.ReferredBy).HasColumnName("referred_by");
        lead.Property(l => l.DuplicateOf).HasColumnName("duplicate_of");

        lead.Property(l => l.Territory).HasColumnName("territory");
        lead.Property(l => l.ProductLine).HasColumnName("product_line");
        lead.Property(l => l.Status).HasColumnName("status").HasConversion(LeadStatusNames.Converter);
        lead.Property(l => l.StatusChangedAt).HasColumnName("status_changed_at");
        lead.Property(l => l.OwnerUserId).HasColumnName("owner_user_id");
        lead.Property(l => l.OwnerTeamId).HasColumnName("owner_team_id");
        lead.Property(l => l.PreviousOwnerUserId).HasColumnName("previous_owner_user_id");
        lead.Property(l => l.CurrentAssignmentId).HasColumnName("current_assignment_id");
        lead.Property(l => l.FirstAssignedAt).HasColumnName("first_assigned_at");
        lead.Property(l => l.AssignedAt).HasColumnName("assigned_at");
        lead.Property(l => l.ViewedAt).HasColumnName("viewed_at");
        lead.Property(l => l.FirstContactedAt).HasColumnName("first_contacted_at");
        lead.Property(l => l.ConvertedAt).HasColumnName("converted_at");
        lead.Property(l => l.PooledAt).HasColumnName("pooled_at");
        lead.Property(l => l.PoolReasonZh).HasColumnName("pool_reason_zh");
        lead.Property(l => l.PoolReasonEn).HasColumnName("pool_reason_en");
        lead.Property(l => l.SourceCount).HasColumnName("source_count");
        lead.Property(l => l.HistorySequence).HasColumnName("history_sequence");
        lead.Property(l => l.Version).IsRowVersion(); // Npgsql maps a uint row version to the system column xmin
        lead.Ignore(l => l.IsOwned);
    }
}
