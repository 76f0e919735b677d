using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Activities.Data;

internal sealed class PipelineStageRecordConfiguration : IEntityTypeConfiguration<PipelineStageRecord>
{
    public void Configure(EntityTypeBuilder<PipelineStageRecord> stage)
    {
        stage.ToTable("pipeline_stages");
        stage.HasKey(s => new { s.Version, s.Code });
        stage.Property(s => s.Version).HasColumnName("version");
        stage.Property(s => s.Code).HasColumnName("code");
        stage.Property(s => s.Position).HasColumnName("position");
        stage.Property(s => s.NameZhCn).HasColumnName("name_zh_cn");
        stage.Property(s => s.NameEn).HasColumnName("name_en");
        stage.Property(s => s.Outcome).HasColumnName("outcome");
        stage.Property(s => s.RequiredActionCount).HasColumnName("required_action_count");
    }
}
