using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Activities.Data;

internal sealed class OpportunityRecordConfiguration : IEntityTypeConfiguration<OpportunityRecord>
{
    public void Configure(EntityTypeBuilder<OpportunityRecord> opportunity)
    {
        opportunity.ToTable("opportunities");
        opportunity.HasKey(o => o.Id);
        opportunity.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
        opportunity.Property(o => o.CustomerId).HasColumnName("customer_id");
        opportunity.HasOne<CustomerRecord>().WithMany().HasForeignKey(o => o.CustomerId).HasConstraintName("fk_opportunities_customer");
        opportunity.HasIndex(o => o.CustomerId).HasDatabaseName("ix_opportunities_customer");
        opportunity.Property(o => o.Name).HasColumnName("name");
        opportunity.Property(o => o.Stage).HasColumnName("stage");
        opportunity.Property(o => o.Amount).HasColumnName("amount").HasColumnType("numeric(38,9)");
        opportunity.Property(o => o.Currency).HasColumnName("currency");
        opportunity.Property(o => o.Status).HasColumnName("status");
        opportunity.Property(o => o.CompletedActions).HasColumnName("completed_actions");
        opportunity.Property(o => o.FieldValues).HasColumnName("field_values").HasColumnType("jsonb");
        opportunity.Property(o => o.LostReason).HasColumnName("lost_reason");
        opportunity.Property(o => o.CreatedAt).HasColumnName("created_at");
        opportunity.Property(o => o.UpdatedAt).HasColumnName("updated_at");
        opportunity.Property(o => o.ClosedAt).HasColumnName("closed_at");
        opportunity.Property(o => o.Version).HasColumnName("version").IsConcurrencyToken();
    }
}
