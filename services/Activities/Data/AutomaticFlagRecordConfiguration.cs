using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Activities.Data;

internal sealed class AutomaticFlagRecordConfiguration : IEntityTypeConfiguration<AutomaticFlagRecord>
{
    public const string SubjectKindIndex = "ux_automatic_flags_subject_kind";

    public void Configure(EntityTypeBuilder<AutomaticFlagRecord> flag)
    {
        flag.ToTable("automatic_flags");
        flag.HasKey(f => f.Id);
        flag.Property(f => f.Id).HasColumnName("id").ValueGeneratedNever();
        flag.Property(f => f.SubjectType).HasColumnName("subject_type");
        flag.Property(f => f.SubjectId).HasColumnName("subject_id");
        flag.Property(f => f.Kind).HasColumnName("kind");
        // One flag of a kind per subject: re-running an automation updates, never duplicates.
        flag.HasIndex(f => new { f.SubjectType, f.SubjectId, f.Kind }).IsUnique().HasDatabaseName(SubjectKindIndex);
        flag.Property(f => f.RaisedValue).HasColumnName("raised_value");
        flag.Property(f => f.Value).HasColumnName("value");
        flag.Property(f => f.State).HasColumnName("state");
        flag.Property(f => f.ResponsibleUserIds).HasColumnName("responsible_user_ids");
        flag.Property(f => f.RaisedAt).HasColumnName("raised_at");
        flag.Property(f => f.Interventions).HasColumnName("interventions").HasColumnType("jsonb");
        flag.Property(f => f.Version).HasColumnName("version").IsConcurrencyToken();
    }
}
