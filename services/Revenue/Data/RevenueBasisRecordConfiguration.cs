using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Revenue.Data;

internal sealed class RevenueBasisRecordConfiguration : IEntityTypeConfiguration<RevenueBasisRecord>
{
    public void Configure(EntityTypeBuilder<RevenueBasisRecord> basis)
    {
        basis.ToTable("revenue_bases");
        basis.HasKey(b => b.Basis);
        basis.Property(b => b.Basis).HasColumnName("basis").ValueGeneratedNever();
        basis.Property(b => b.Position).HasColumnName("position");
        basis.Property(b => b.NameZhCn).HasColumnName("name_zh_cn");
        basis.Property(b => b.NameEn).HasColumnName("name_en");
        basis.Property(b => b.DescriptionZhCn).HasColumnName("description_zh_cn");
        basis.Property(b => b.DescriptionEn).HasColumnName("description_en");
        basis.Property(b => b.IsDefault).HasColumnName("is_default");
    }
}
