using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Activities.Data;

internal sealed class RepRecordConfiguration : IEntityTypeConfiguration<RepRecord>
{
    public void Configure(EntityTypeBuilder<RepRecord> rep)
    {
        rep.ToTable("reps");
        rep.HasKey(r => r.UserId);
        rep.Property(r => r.UserId).HasColumnName("user_id");
        rep.Property(r => r.DisplayName).HasColumnName("display_name");
        rep.Property(r => r.TeamId).HasColumnName("team_id");
        rep.Property(r => r.SupervisorUserId).HasColumnName("supervisor_user_id");
        rep.Property(r => r.Active).HasColumnName("active");
        rep.Property(r => r.RosterVersion).HasColumnName("roster_version");
        rep.Property(r => r.ChangedAt).HasColumnName("changed_at");
    }
}
