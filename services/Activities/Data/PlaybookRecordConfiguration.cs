using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Activities.Data;

internal sealed class PlaybookRecordConfiguration : IEntityTypeConfiguration<PlaybookRecord>
{
    public void Configure(EntityTypeBuilder<PlaybookRecord> playbook)
    {
        playbook.ToTable("playbooks");
        playbook.HasKey(p => new { p.StageCode, p.Version });
        playbook.Property(p => p.StageCode).HasColumnName("stage_code");
        playbook.Property(p => p.Version).HasColumnName("version");
        playbook.Property(p => p.RequiredActions).HasColumnName("required_actions").HasColumnType("jsonb");
        playbook.Property(p => p.RequiredFields).HasColumnName("required_fields");
        playbook.Property(p => p.UpdatedAt).HasColumnName("updated_at");
        playbook.Property(p => p.UpdatedBy).HasColumnName("updated_by");
    }
}
