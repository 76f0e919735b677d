using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.LeadRouting.Data;

// Column names are snake_case, matching the hand-written migration 20261122140000_LeadCore.

internal sealed class LeadSourceRecordConfiguration : IEntityTypeConfiguration<LeadSourceRecord>
{
    public const string IdempotencyKeyIndex = "ux_lead_sources_idempotency_key";

    public void Configure(EntityTypeBuilder<LeadSourceRecord> s)
    {
        s.ToTable("lead_sources");
        s.HasKey(x => x.Id);
        s.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        s.Property(x => x.LeadId).HasColumnName("lead_id");
        s.Property(x => x.IdempotencyKey).HasColumnName("idempotency_key");
        s.HasIndex(x => x.IdempotencyKey).IsUnique().HasDatabaseName(IdempotencyKeyIndex);
        s.Property(x => x.Channel).HasColumnName("channel");
        s.Property(x => x.ReceivedAt).HasColumnName("received_at");
        s.Property(x => x.CapturedAt).HasColumnName("captured_at");
        s.Property(x => x.Name).HasColumnName("name");
        s.Property(x => x.Phone).HasColumnName("phone");
        s.Property(x => x.PhoneNormalized).HasColumnName("phone_normalized");
        s.Property(x => x.Email).HasColumnName("email");
        s.Property(x => x.EmailNormalized).HasColumnName("email_normalized");
        s.Property(x => x.Company).HasColumnName("company");
        s.Property(x => x.CompanyKey).HasColumnName("company_key");
        s.Property(x => x.City).HasColumnName("city");
        s.Property(x => x.Territory).HasColumnName("territory");
        s.Property(x => x.ProductTags).HasColumnName("product_tags");
        s.Property(x => x.Payload).HasColumnName("payload").HasColumnType("jsonb");
        s.Property(x => x.ReferredBy).HasColumnName("referred_by");
        s.Property(x => x.SubmittedBy).HasColumnName("submitted_by");
        s.Property(x => x.IsOrigin).HasColumnName("is_origin");
        s.Property(x => x.MergeId).HasColumnName("merge_id");
        // Declared so EF inserts the lead before its sources in one SaveChanges (the database has the same FK).
        s.HasOne<LeadRecord>().WithMany().HasForeignKey(x => x.LeadId);
    }
}

internal sealed class LeadMergeRecordConfiguration : IEntityTypeConfiguration<LeadMergeRecord>
{
    public void Configure(EntityTypeBuilder<LeadMergeRecord> m)
    {
        m.ToTable("lead_merges");
        m.HasKey(x => x.Id);
        m.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        m.Property(x => x.LeadId).HasColumnName("lead_id");
        m.Property(x => x.SourceId).HasColumnName("source_id");
        m.Property(x => x.MatchedOn).HasColumnName("matched_on");
        m.Property(x => x.Strength).HasColumnName("strength");
        m.Property(x => x.MergedAt).HasColumnName("merged_at");
        m.Property(x => x.UndoneAt).HasColumnName("undone_at");
        m.Property(x => x.UndoneBy).HasColumnName("undone_by");
        m.Property(x => x.UndoReason).HasColumnName("undo_reason");
        m.Property(x => x.SplitLeadId).HasColumnName("split_lead_id");
        m.HasOne<LeadRecord>().WithMany().HasForeignKey(x => x.LeadId);
        m.HasOne<LeadSourceRecord>().WithMany().HasForeignKey(x => x.SourceId);
        m.HasOne<LeadRecord>().WithMany().HasForeignKey(x => x.SplitLeadId);
    }
}

internal sealed class LeadAssignmentRecordConfiguration : IEntityTypeConfiguration<LeadAssignmentRecord>
{
    public void Configure(EntityTypeBuilder<LeadAssignmentRecord> a)
    {
        a.ToTable("lead_assignments");
        a.HasKey(x => x.Id);
        a.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        a.Property(x => x.LeadId).HasColumnName("lead_id");
        a.Property(x => x.Outcome).HasColumnName("outcome");
        a.Property(x => x.RepUserId).HasColumnName("rep_user_id");
        a.Property(x => x.Reason).HasColumnName("reason");
        a.Property(x => x.PolicyId).HasColumnName("policy_id");
        a.Property(x => x.PolicyVersion).HasColumnName("policy_version");
        a.Property(x => x.DecidedAt).HasColumnName("decided_at");
        a.Property(x => x.DecidedBy).HasColumnName("decided_by");
        a.Property(x => x.SummaryZh).HasColumnName("summary_zh");
        a.Property(x => x.SummaryEn).HasColumnName("summary_en");
        a.Property(x => x.Explanation).HasColumnName("explanation").HasColumnType("jsonb");
        a.Property(x => x.EndedAt).HasColumnName("ended_at");
        a.HasOne<LeadRecord>().WithMany().HasForeignKey(x => x.LeadId);
    }
}

internal sealed class RepRecordConfiguration : IEntityTypeConfiguration<RepRecord>
{
    public void Configure(EntityTypeBuilder<RepRecord> r)
    {
        r.ToTable("reps");
        r.HasKey(x => x.UserId);
        r.Property(x => x.UserId).HasColumnName("user_id");
        r.Property(x => x.DisplayName).HasColumnName("display_name");
        r.Property(x => x.TeamId).HasColumnName("team_id");
        r.Property(x => x.SupervisorUserId).HasColumnName("supervisor_user_id");
        r.Property(x => x.Territories).HasColumnName("territories");
        r.Property(x => x.Qualifications).HasColumnName("qualifications");
        r.Property(x => x.Capacity).HasColumnName("capacity");
        r.Property(x => x.Shift).HasColumnName("shift").HasColumnType("jsonb");
        r.Property(x => x.BackupUserId).HasColumnName("backup_user_id");
        r.Property(x => x.Active).HasColumnName("active");
        r.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
        r.Property(x => x.LastAssignedAt).HasColumnName("last_assigned_at");
        r.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        // The leads_count_open trigger owns it: EF reads it and never writes it.
        var openLeads = r.Property(x => x.OpenLeadCount).HasColumnName("open_lead_count").ValueGeneratedOnAddOrUpdate();
        openLeads.Metadata.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        openLeads.Metadata.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
    }
}

internal sealed class RoutingPolicyRecordConfiguration : IEntityTypeConfiguration<RoutingPolicyRecord>
{
    public void Configure(EntityTypeBuilder<RoutingPolicyRecord> p)
    {
        p.ToTable("routing_policies");
        p.HasKey(x => new { x.PolicyId, x.Version });
        p.Property(x => x.PolicyId).HasColumnName("policy_id");
        p.Property(x => x.Version).HasColumnName("version").ValueGeneratedNever();
        p.Property(x => x.Document).HasColumnName("document").HasColumnType("jsonb");
        p.Property(x => x.CreatedAt).HasColumnName("created_at");
        p.Property(x => x.CreatedBy).HasColumnName("created_by");
        p.Property(x => x.Comment).HasColumnName("comment");
    }
}

internal sealed class HistoryEntryRecordConfiguration : IEntityTypeConfiguration<HistoryEntryRecord>
{
    public void Configure(EntityTypeBuilder<HistoryEntryRecord> h)
    {
        h.ToTable("lead_history");
        h.HasKey(x => x.Sequence);
        h.Property(x => x.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        h.Property(x => x.EntryId).HasColumnName("entry_id");
        h.Property(x => x.LeadId).HasColumnName("lead_id");
        h.Property(x => x.LeadSequence).HasColumnName("lead_sequence");
        h.Property(x => x.OccurredAt).HasColumnName("occurred_at");
        h.Property(x => x.Kind).HasColumnName("kind");
        h.Property(x => x.ActorId).HasColumnName("actor_id");
        h.Property(x => x.Data).HasColumnName("data").HasColumnType("jsonb");
        h.Property(x => x.PreviousHash).HasColumnName("previous_hash");
        h.Property(x => x.LeadPreviousHash).HasColumnName("lead_previous_hash");
        h.Property(x => x.Hash).HasColumnName("hash");
    }
}

internal sealed class HistoryDraftRecordConfiguration : IEntityTypeConfiguration<HistoryDraftRecord>
{
    public void Configure(EntityTypeBuilder<HistoryDraftRecord> d)
    {
        d.ToTable("lead_history_drafts");
        d.HasKey(x => x.Id);
        d.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        d.Property(x => x.EntryId).HasColumnName("entry_id");
        d.Property(x => x.LeadId).HasColumnName("lead_id");
        d.Property(x => x.LeadSequence).HasColumnName("lead_sequence");
        d.Property(x => x.OccurredAt).HasColumnName("occurred_at");
        d.Property(x => x.Kind).HasColumnName("kind");
        d.Property(x => x.ActorId).HasColumnName("actor_id");
        d.Property(x => x.Data).HasColumnName("data").HasColumnType("jsonb");
    }
}

internal sealed class HistoryHeadRecordConfiguration : IEntityTypeConfiguration<HistoryHeadRecord>
{
    public void Configure(EntityTypeBuilder<HistoryHeadRecord> h)
    {
        h.ToTable("lead_history_head");
        h.HasKey(x => x.Id);
        h.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        h.Property(x => x.Sequence).HasColumnName("sequence");
        h.Property(x => x.Hash).HasColumnName("hash");
    }
}

internal sealed class LeadContactRecordConfiguration : IEntityTypeConfiguration<LeadContactRecord>
{
    public void Configure(EntityTypeBuilder<LeadContactRecord> c)
    {
        c.ToTable("lead_contacts");
        c.HasKey(x => x.Id);
        c.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        c.Property(x => x.LeadId).HasColumnName("lead_id");
        c.Property(x => x.RepUserId).HasColumnName("rep_user_id");
        c.Property(x => x.Kind).HasColumnName("kind");
        c.Property(x => x.ContactedAt).HasColumnName("contacted_at");
        c.Property(x => x.DurationSeconds).HasColumnName("duration_seconds");
        c.Property(x => x.Note).HasColumnName("note");
        c.Property(x => x.RecordedAt).HasColumnName("recorded_at");
        c.HasOne<LeadRecord>().WithMany().HasForeignKey(x => x.LeadId);
    }
}

internal sealed class RepSlaRecordConfiguration : IEntityTypeConfiguration<RepSlaRecord>
{
    public void Configure(EntityTypeBuilder<RepSlaRecord> s)
    {
        s.ToTable("rep_sla_records");
        s.HasKey(x => x.Id);
        s.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        s.Property(x => x.RepUserId).HasColumnName("rep_user_id");
        s.Property(x => x.LeadId).HasColumnName("lead_id");
        s.Property(x => x.Clock).HasColumnName("clock");
        s.Property(x => x.DueAt).HasColumnName("due_at");
        s.Property(x => x.Met).HasColumnName("met");
    }
}
