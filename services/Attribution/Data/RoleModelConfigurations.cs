using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Attribution.Data;

internal sealed class RoleModelVersionConfiguration : IEntityTypeConfiguration<RoleModelVersionRecord>
{
    public void Configure(EntityTypeBuilder<RoleModelVersionRecord> version)
    {
        version.ToTable("role_model_versions");
        version.HasKey(v => v.Version);
        version.Property(v => v.Version).HasColumnName("version").ValueGeneratedNever();
        version.Property(v => v.EffectiveFrom).HasColumnName("effective_from");
        version.HasMany(v => v.Weights).WithOne().HasForeignKey(w => w.Version);
    }
}

internal sealed class RoleWeightConfiguration : IEntityTypeConfiguration<RoleWeightRecord>
{
    public void Configure(EntityTypeBuilder<RoleWeightRecord> weight)
    {
        weight.ToTable("role_weights");
        weight.HasKey(w => new { w.Version, w.Role });
        weight.Property(w => w.Version).HasColumnName("version");
        weight.Property(w => w.Role).HasColumnName("role");
        weight.Property(w => w.NameZhCn).HasColumnName("name_zh_cn");
        weight.Property(w => w.NameEn).HasColumnName("name_en");
        weight.Property(w => w.WeightBasisPoints).HasColumnName("weight_basis_points");
    }
}
