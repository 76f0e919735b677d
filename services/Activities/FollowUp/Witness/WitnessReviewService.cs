using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Witness;
using SalesMesh.Activities.FollowUp.Alerts;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.FollowUp.Witness;

/// <summary>
/// Witness mode (AC-5) around the pure <see cref="WitnessRules"/>: opening a review when a
/// high-value visit record is logged, the supervisor's verdict, and escalation when the 2-hour
/// window passes. Methods stage changes on the caller's context; the caller saves.
/// </summary>
public sealed class WitnessReviewService(
    ActivitiesDbContext db,
    FollowUpDirectory directory,
    AlertService alerts,
    FollowUpTimers timers,
    IOptions<FollowUpOptions> options,
    ILogger<WitnessReviewService> logger)
{
    public WitnessPolicy Policy => WitnessPolicy.Default with { Threshold = new Money(options.Value.WitnessThreshold, options.Value.WitnessCurrency) };

    /// <summary>
    /// Opens the review of a newly submitted record when the customer's value is above the threshold
    /// (runs inside the submission transaction; <paramref name="supervisorId"/> is the rep's direct
    /// supervisor from the roster).
    /// </summary>
    public async Task<WitnessReviewRecord?> OpenIfRequiredAsync(FollowUpCustomer customer, StoredVisitRecord visit, string? supervisorId,
        DateTimeOffset submittedAt, CancellationToken cancellationToken)
    {
        if (customer.Value is not { } value)
        {
            return null;
        }
        var required = WitnessRules.IsReviewRequired(Policy, value);
        if (!required.IsSuccess)
        {
            logger.LogWarning("Witness check skipped for visit record {VisitRecordId}: {Errors}", visit.Id, string.Join("; ", required.Errors));
            return null;
        }
        if (!required.Value || await db.Set<WitnessReviewRecord>().AnyAsync(r => r.VisitRecordId == visit.Id, cancellationToken))
        {
            return null;
        }
        if (supervisorId is null)
        {
            // Nobody to route to: the roster names no direct supervisor for this rep (yet).
            logger.LogWarning("Visit record {VisitRecordId} needs witness review but rep {RepId} has no direct supervisor in the roster", visit.Id, visit.RepUserId);
            return null;
        }
        var review = WitnessRules.Open(Policy, visit.Id, visit.RepUserId, supervisorId, submittedAt);
        var record = new WitnessReviewRecord
        {
            VisitRecordId = visit.Id,
            CustomerId = customer.Id,
            RepId = visit.RepUserId,
            SupervisorId = supervisorId,
            CustomerValue = value.Amount,
            Currency = value.Currency,
            SubmittedAt = review.SubmittedAt,
            DueAt = review.DueAt,
        };
        db.Set<WitnessReviewRecord>().Add(record);
        db.EnqueueEvent(new ReviewRequested(visit.Id, customer.Id, visit.RepUserId, supervisorId, value.Amount, value.Currency, review.SubmittedAt, review.DueAt));
        timers.ScheduleReviewEscalation(visit.Id, review.DueAt);
        return record;
    }

    /// <summary>The verdict of <paramref name="reviewerId"/>; domain refusals come back as errors.</summary>
    public DomainResult<WitnessReviewRecord> RecordVerdict(WitnessReviewRecord record, string reviewerId, ReviewVerdict verdict, string? note, DateTimeOffset now)
    {
        var result = WitnessRules.RecordVerdict(ToDomain(record), reviewerId, verdict, note, now);
        if (!result.IsSuccess)
        {
            return DomainResult<WitnessReviewRecord>.Failure(result.Errors);
        }
        var reviewed = result.Value;
        record.Verdict = VerdictName(verdict);
        record.Note = reviewed.Note;
        record.ReviewedAt = reviewed.ReviewedAt;
        db.EnqueueEvent(new ReviewCompleted(record.VisitRecordId, record.CustomerId, record.RepId, record.SupervisorId,
            record.Verdict, record.Note, reviewed.WasLate, now));
        timers.CancelReviewEscalation(record.VisitRecordId);
        return DomainResult<WitnessReviewRecord>.Success(record);
    }

    /// <summary>Timer: raises the escalation level the clock has reached and schedules the next check.</summary>
    public async Task EscalateAsync(Guid visitRecordId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = await db.Set<WitnessReviewRecord>().SingleOrDefaultAsync(r => r.VisitRecordId == visitRecordId, cancellationToken);
        if (record is null || record.Verdict is not null)
        {
            return;
        }
        var status = WitnessRules.Check(Policy, ToDomain(record), now);
        if (status.State == ReviewClockState.Escalated && status.EscalationLevel > record.EscalationLevel)
        {
            record.EscalationLevel = status.EscalationLevel;
            // One management level per escalation level: the supervisor's supervisor, then theirs.
            string? target = record.SupervisorId;
            for (int level = 0; level < status.EscalationLevel && target is not null; level++)
            {
                target = await directory.FindSupervisorAsync(target, cancellationToken);
            }
            record.EscalatedTo = target ?? record.EscalatedTo;
            db.EnqueueEvent(new ReviewEscalated(record.VisitRecordId, record.CustomerId, record.RepId, record.SupervisorId,
                target, status.EscalationLevel, record.DueAt, now));
            await alerts.RaiseReviewOverdueAsync(record, target, status.EscalationLevel, now, cancellationToken);
        }
        if (status.NextCheckAt is { } next)
        {
            timers.ScheduleReviewEscalation(record.VisitRecordId, next);
        }
    }

    public static WitnessReview ToDomain(WitnessReviewRecord r) =>
        new(r.VisitRecordId, r.RepId, r.SupervisorId, r.SubmittedAt, r.DueAt, r.Verdict is null ? null : ParseVerdict(r.Verdict), r.Note, r.ReviewedAt);

    public static string VerdictName(ReviewVerdict verdict) => verdict switch
    {
        ReviewVerdict.InfoComplete => "infoComplete",
        ReviewVerdict.NeedsDetail => "needsDetail",
        ReviewVerdict.Risk => "risk",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };

    public static ReviewVerdict ParseVerdict(string name) => name switch
    {
        "infoComplete" => ReviewVerdict.InfoComplete,
        "needsDetail" => ReviewVerdict.NeedsDetail,
        "risk" => ReviewVerdict.Risk,
        _ => throw new InvalidOperationException($"Unknown verdict '{name}'."),
    };
}
