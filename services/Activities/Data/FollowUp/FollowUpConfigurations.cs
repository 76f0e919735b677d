using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Activities.Data.FollowUp;

// Mappings of the follow-up tables (migrations 20261122150000_FollowUp, 20261201120000_WitnessReviewRouting,
// 20261205120000_WitnessAdminVerdicts);
// names match the DDL exactly.

internal sealed class CustomerDocumentRecordConfiguration : IEntityTypeConfiguration<CustomerDocumentRecord>
{
    public void Configure(EntityTypeBuilder<CustomerDocumentRecord> d)
    {
        d.ToTable("customer_documents");
        d.HasKey(x => x.Id);
        d.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        d.Property(x => x.CustomerId).HasColumnName("customer_id");
        d.Property(x => x.VisitRecordId).HasColumnName("visit_record_id");
        d.Property(x => x.Kind).HasColumnName("kind");
        d.Property(x => x.FileName).HasColumnName("file_name");
        d.Property(x => x.ContentType).HasColumnName("content_type");
        d.Property(x => x.SizeBytes).HasColumnName("size_bytes");
        d.Property(x => x.Sha256).HasColumnName("sha256");
        d.Property(x => x.Content).HasColumnName("content");
        d.Property(x => x.AttachedBy).HasColumnName("attached_by");
        d.Property(x => x.AttachedAt).HasColumnName("attached_at");
    }
}

internal sealed class StatusCardRecordConfiguration : IEntityTypeConfiguration<StatusCardRecord>
{
    public void Configure(EntityTypeBuilder<StatusCardRecord> c)
    {
        c.ToTable("status_cards");
        c.HasKey(x => x.CustomerId);
        c.Property(x => x.CustomerId).HasColumnName("customer_id").ValueGeneratedNever();
        c.Property(x => x.AutomaticColor).HasColumnName("automatic_color");
        c.Property(x => x.ReasonsJson).HasColumnName("reasons").HasColumnType("jsonb");
        c.Property(x => x.EvaluatedAt).HasColumnName("evaluated_at");
        c.Property(x => x.OverrideFrom).HasColumnName("override_from");
        c.Property(x => x.OverrideTo).HasColumnName("override_to");
        c.Property(x => x.OverrideReason).HasColumnName("override_reason");
        c.Property(x => x.OverrideActor).HasColumnName("override_actor");
        c.Property(x => x.OverrideAt).HasColumnName("override_at");
        c.Property(x => x.ConsecutiveReds).HasColumnName("consecutive_reds");
        c.Property(x => x.UpdatedAt).HasColumnName("updated_at");
    }
}

internal sealed class StatusCardChangeRecordConfiguration : IEntityTypeConfiguration<StatusCardChangeRecord>
{
    public void Configure(EntityTypeBuilder<StatusCardChangeRecord> c)
    {
        c.ToTable("status_card_changes");
        c.HasKey(x => x.Id);
        c.Property(x => x.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        c.Property(x => x.CustomerId).HasColumnName("customer_id");
        c.Property(x => x.FromColor).HasColumnName("from_color");
        c.Property(x => x.ToColor).HasColumnName("to_color");
        c.Property(x => x.Automatic).HasColumnName("automatic");
        c.Property(x => x.Reason).HasColumnName("reason");
        c.Property(x => x.ActorId).HasColumnName("actor_id");
        c.Property(x => x.ConsecutiveReds).HasColumnName("consecutive_reds");
        c.Property(x => x.ChangedAt).HasColumnName("changed_at");
    }
}

internal sealed class FollowUpTaskRecordConfiguration : IEntityTypeConfiguration<FollowUpTaskRecord>
{
    public void Configure(EntityTypeBuilder<FollowUpTaskRecord> t)
    {
        t.ToTable("follow_up_tasks");
        t.HasKey(x => x.Id);
        t.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        t.Property(x => x.CustomerId).HasColumnName("customer_id");
        t.Property(x => x.Kind).HasColumnName("kind");
        t.Property(x => x.TitleZh).HasColumnName("title_zh");
        t.Property(x => x.TitleEn).HasColumnName("title_en");
        t.Property(x => x.AssigneeRole).HasColumnName("assignee_role");
        t.Property(x => x.CustomerOwnerId).HasColumnName("customer_owner_id");
        t.Property(x => x.CreatedAt).HasColumnName("created_at");
        t.Property(x => x.DueAt).HasColumnName("due_at");
        t.Property(x => x.CompletedAt).HasColumnName("completed_at");
        t.Property(x => x.CompletedBy).HasColumnName("completed_by");
        t.Property(x => x.CompletionNote).HasColumnName("completion_note");
    }
}

internal sealed class WitnessReviewRecordConfiguration : IEntityTypeConfiguration<WitnessReviewRecord>
{
    public void Configure(EntityTypeBuilder<WitnessReviewRecord> r)
    {
        r.ToTable("witness_reviews");
        r.HasKey(x => x.VisitRecordId);
        r.Property(x => x.VisitRecordId).HasColumnName("visit_record_id").ValueGeneratedNever();
        r.Property(x => x.CustomerId).HasColumnName("customer_id");
        r.Property(x => x.RepId).HasColumnName("rep_id");
        r.Property(x => x.SupervisorId).HasColumnName("supervisor_id");
        r.Property(x => x.TeamId).HasColumnName("team_id");
        r.Property(x => x.CustomerValue).HasColumnName("customer_value").HasColumnType("numeric(18,2)");
        r.Property(x => x.Currency).HasColumnName("currency");
        r.Property(x => x.SubmittedAt).HasColumnName("submitted_at");
        r.Property(x => x.DueAt).HasColumnName("due_at");
        r.Property(x => x.EscalationLevel).HasColumnName("escalation_level");
        r.Property(x => x.EscalatedTo).HasColumnName("escalated_to");
        r.Property(x => x.Verdict).HasColumnName("verdict");
        r.Property(x => x.Note).HasColumnName("note");
        r.Property(x => x.ReviewedAt).HasColumnName("reviewed_at");
        r.Property(x => x.ReviewedBy).HasColumnName("reviewed_by");
        r.Property(x => x.ReviewedByAdmin).HasColumnName("reviewed_by_admin");
    }
}

internal sealed class FollowUpAlertRecordConfiguration : IEntityTypeConfiguration<FollowUpAlertRecord>
{
    public void Configure(EntityTypeBuilder<FollowUpAlertRecord> a)
    {
        a.ToTable("follow_up_alerts");
        a.HasKey(x => x.Id);
        a.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        a.Property(x => x.Kind).HasColumnName("kind");
        a.Property(x => x.DedupKey).HasColumnName("dedup_key");
        a.HasIndex(x => x.DedupKey).IsUnique().HasDatabaseName("ux_follow_up_alerts_dedup_key");
        a.Property(x => x.CustomerId).HasColumnName("customer_id");
        a.Property(x => x.VisitRecordId).HasColumnName("visit_record_id");
        a.Property(x => x.MessageZh).HasColumnName("message_zh");
        a.Property(x => x.MessageEn).HasColumnName("message_en");
        a.Property(x => x.Recipients).HasColumnName("recipients");
        a.Property(x => x.RaisedAt).HasColumnName("raised_at");
        a.Property(x => x.RecentVisitsJson).HasColumnName("recent_visits").HasColumnType("jsonb");
        a.Property(x => x.State).HasColumnName("state");
        a.Property(x => x.InterventionsJson).HasColumnName("interventions").HasColumnType("jsonb");
    }
}
