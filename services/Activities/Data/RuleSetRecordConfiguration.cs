using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Activities.Data;

internal sealed class RuleSetRecordConfiguration : IEntityTypeConfiguration<RuleSetRecord>
{
    public void Configure(EntityTypeBuilder<RuleSetRecord> ruleSet)
    {
        ruleSet.ToTable("rule_sets");
        ruleSet.HasKey(r => new { r.RuleSetId, r.Version });
        ruleSet.Property(r => r.RuleSetId).HasColumnName("rule_set_id");
        ruleSet.Property(r => r.Version).HasColumnName("version");
        ruleSet.Property(r => r.Document).HasColumnName("document");
        ruleSet.Property(r => r.Sha256).HasColumnName("sha256");
        ruleSet.Property(r => r.PublishedAt).HasColumnName("published_at");
        ruleSet.Property(r => r.PublishedBy).HasColumnName("published_by");
    }
}
