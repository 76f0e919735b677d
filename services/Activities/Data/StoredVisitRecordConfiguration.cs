using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.Activities.Data;

internal sealed class StoredVisitRecordConfiguration : IEntityTypeConfiguration<StoredVisitRecord>
{
    public const string ClientRecordIdIndex = "ux_visit_records_client_record_id";

    public void Configure(EntityTypeBuilder<StoredVisitRecord> visit)
    {
        visit.ToTable("visit_records");
        visit.HasKey(v => v.Id);
        visit.Property(v => v.Id).HasColumnName("id").ValueGeneratedNever();
        visit.Property(v => v.ClientRecordId).HasColumnName("client_record_id");
        visit.HasIndex(v => v.ClientRecordId).IsUnique().HasDatabaseName(ClientRecordIdIndex);
        visit.Property(v => v.CustomerId).HasColumnName("customer_id");
        visit.HasOne<CustomerRecord>().WithMany().HasForeignKey(v => v.CustomerId).HasConstraintName("fk_visit_records_customer");
        visit.HasIndex(v => new { v.CustomerId, v.RecordedAt }).HasDatabaseName("ix_visit_records_customer_recorded");
        visit.Property(v => v.OpportunityId).HasColumnName("opportunity_id");
        visit.HasOne<OpportunityRecord>().WithMany().HasForeignKey(v => v.OpportunityId).HasConstraintName("fk_visit_records_opportunity");
        visit.HasIndex(v => new { v.OpportunityId, v.RecordedAt }).HasDatabaseName("ix_visit_records_opportunity_recorded");
        visit.Property(v => v.RepUserId).HasColumnName("rep_user_id");
        visit.HasIndex(v => v.RepUserId).HasDatabaseName("ix_visit_records_rep");
        visit.HasIndex(v => new { v.CustomerId, v.VisitedAt, v.RecordedAt }).IsDescending(false, true, true).HasDatabaseName("ix_visit_records_customer_visited");
        visit.Property(v => v.VisitedAt).HasColumnName("visited_at");
        visit.Property(v => v.RecordedAt).HasColumnName("recorded_at");
        visit.Property(v => v.UpdatedAt).HasColumnName("updated_at");
        visit.Property(v => v.Budget).HasColumnName("budget");
        visit.Property(v => v.ObjectionType).HasColumnName("objection_type");
        visit.Property(v => v.BiggestConcern).HasColumnName("biggest_concern");
        visit.Property(v => v.PromisedDeliverable).HasColumnName("promised_deliverable");
        visit.Property(v => v.PromisedDeliverableText).HasColumnName("promised_deliverable_text");
        visit.Property(v => v.NextTouchpointAt).HasColumnName("next_touchpoint_at");
        visit.Property(v => v.NextTouchpointParticipants).HasColumnName("next_touchpoint_participants");
        visit.Property(v => v.NextTouchpointTopic).HasColumnName("next_touchpoint_topic");
        visit.Property(v => v.GpsLatitude).HasColumnName("gps_latitude");
        visit.Property(v => v.GpsLongitude).HasColumnName("gps_longitude");
        visit.Property(v => v.CallRecordingSummaryRef).HasColumnName("call_recording_summary_ref");
        visit.Property(v => v.TrialAccountProvided).HasColumnName("trial_account_provided");
        visit.Property(v => v.TrialStartDate).HasColumnName("trial_start_date");
        visit.Property(v => v.TrialEndDate).HasColumnName("trial_end_date");
        visit.Property(v => v.TrialClientLoginFrequency).HasColumnName("trial_client_login_frequency");
        visit.Property(v => v.RuleSetId).HasColumnName("rule_set_id");
        visit.Property(v => v.RuleSetVersion).HasColumnName("rule_set_version");
        visit.Property(v => v.Version).HasColumnName("version").IsConcurrencyToken();
        visit.Property(v => v.VersionFingerprints).HasColumnName("version_fingerprints");
        visit.Property(v => v.Exemplary).HasColumnName("exemplary");
        visit.Property(v => v.ExemplaryMarkedBy).HasColumnName("exemplary_marked_by");
        visit.Property(v => v.ExemplaryMarkedAt).HasColumnName("exemplary_marked_at");
        visit.Property(v => v.ExemplaryNote).HasColumnName("exemplary_note");
    }
}
