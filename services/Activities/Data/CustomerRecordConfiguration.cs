using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Activities.Data;

internal sealed class CustomerRecordConfiguration : IEntityTypeConfiguration<CustomerRecord>
{
    public const string LeadIdIndex = "ux_customers_lead_id";

    public void Configure(EntityTypeBuilder<CustomerRecord> customer)
    {
        customer.ToTable("customers");
        customer.HasKey(c => c.Id);
        customer.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
        customer.Property(c => c.OwnerUserId).HasColumnName("owner_user_id");
        customer.Property(c => c.TeamId).HasColumnName("team_id");
        customer.Property(c => c.LeadId).HasColumnName("lead_id");
        customer.HasIndex(c => c.LeadId).IsUnique().HasDatabaseName(LeadIdIndex);
        customer.HasIndex(c => c.OwnerUserId).HasDatabaseName("ix_customers_owner");
        customer.HasIndex(c => c.TeamId).HasDatabaseName("ix_customers_team");
        customer.Property(c => c.Name).HasColumnName("name");
        customer.Property(c => c.ContactName).HasColumnName("contact_name");
        customer.Property(c => c.ContactPhone).HasColumnName("contact_phone");
        customer.Property(c => c.ContactEmail).HasColumnName("contact_email");
        customer.Property(c => c.ProductTags).HasColumnName("product_tags");
        customer.Property(c => c.CreatedAt).HasColumnName("created_at");
        customer.Property(c => c.CreatedBy).HasColumnName("created_by");
        customer.Property(c => c.Version).HasColumnName("version").IsConcurrencyToken();
    }
}
