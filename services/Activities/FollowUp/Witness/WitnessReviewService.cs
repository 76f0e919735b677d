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
using SalesMesh.ServiceDefaults.Identity;
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

    /// <summary>False when the customer's value (<see cref="FollowUpDirectory.Value"/>) surely needs no review (no roster read is needed then).</summary>
    public bool MayRequireReview(Money? customerValue)
    {
        if (customerValue is not { } value)
        {
            return false;
        }
        var required = WitnessRules.IsReviewRequired(Policy, value);
        return !required.IsSuccess || required.Value; // a failed check is logged by OpenIfRequiredAsync
    }

    /// <summary>
    /// Opens the review of a newly submitted record when the customer's value is above the threshold
    /// (runs inside the submission transaction; <paramref name="supervisorId"/> is the rep's direct
    /// supervisor from the roster). Without one the review is still opened, routed to the
    /// supervisors of <paramref name="teamId"/> and to admins (see <see cref="MayReview"/>), so a
    /// gap in the roster never lets a high-value record through unreviewed.
    /// </summary>
    public async Task<WitnessReviewRecord?> OpenIfRequiredAsync(FollowUpCustomer customer, Money? customerValue, StoredVisitRecord visit, string? supervisorId,
        string? teamId, DateTimeOffset submittedAt, CancellationToken cancellationToken)
    {
        if (customerValue is not { } value)
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
        var routedToTeam = supervisorId is null ? teamId : null;
        if (supervisorId is null)
        {
            logger.LogInformation("Rep {RepId} has no direct supervisor in the roster: the witness review of {VisitRecordId} goes to team {TeamId}'s supervisors and admins",
                visit.RepUserId, visit.Id, routedToTeam);
        }
        // Only the due time is taken from the domain review here; who reviews is stored on the row.
        var review = WitnessRules.Open(Policy, visit.Id, visit.RepUserId, supervisorId ?? "", submittedAt);
        var record = new WitnessReviewRecord
        {
            VisitRecordId = visit.Id,
            CustomerId = customer.Id,
            RepId = visit.RepUserId,
            SupervisorId = supervisorId,
            TeamId = routedToTeam,
            CustomerValue = value.Amount,
            Currency = value.Currency,
            SubmittedAt = review.SubmittedAt,
            DueAt = review.DueAt,
        };
        db.Set<WitnessReviewRecord>().Add(record);
        db.EnqueueEvent(new ReviewRequested(visit.Id, customer.Id, visit.RepUserId, supervisorId, value.Amount, value.Currency,
            review.SubmittedAt, review.DueAt, routedToTeam));
        timers.ScheduleReviewEscalation(visit.Id, review.DueAt);
        return record;
    }

    /// <summary>
    /// Who may decide a review: its supervisor, or any admin (as admins decide LeadRouting appeals); for
    /// an unassigned review (no direct supervisor on the roster) every supervisor of the team it was
    /// routed to, and admins. Its queue (ListReviewQueue) shows it to the supervisor(s) it is routed to.
    /// </summary>
    public static bool MayReview(WitnessReviewRecord review, Caller caller) =>
        caller.IsAdmin || ReviewsAsSupervisor(review, caller);

    /// <summary>True when <paramref name="caller"/> may decide the review only on admin rights (the verdict is recorded as an admin's).</summary>
    public static bool ReviewsAsAdmin(WitnessReviewRecord review, Caller caller) =>
        caller.IsAdmin && !ReviewsAsSupervisor(review, caller);

    private static bool ReviewsAsSupervisor(WitnessReviewRecord review, Caller caller) =>
        review.SupervisorId is { } supervisor
            ? supervisor == caller.UserId
            : caller.IsInRole(CallerRoles.Supervisor) && review.TeamId is not null && review.TeamId == caller.TeamId;

    /// <summary>
    /// The verdict of <paramref name="reviewer"/> (checked with <see cref="MayReview"/> by the caller);
    /// the reviewer of an unassigned review becomes its supervisor. An admin's verdict on another
    /// supervisor's review keeps that supervisor and is stored as the admin's (<c>reviewed_by</c>,
    /// <c>reviewed_by_admin</c>). Domain refusals come back as errors and change nothing.
    /// </summary>
    public DomainResult<WitnessReviewRecord> RecordVerdict(WitnessReviewRecord record, Caller reviewer, ReviewVerdict verdict, string? note, DateTimeOffset now)
    {
        var asAdmin = ReviewsAsAdmin(record, reviewer);
        var result = WitnessRules.RecordVerdict(ToDomain(record, record.SupervisorId ?? reviewer.UserId), reviewer.UserId, verdict, note, now, asAdmin);
        if (!result.IsSuccess)
        {
            return DomainResult<WitnessReviewRecord>.Failure(result.Errors);
        }
        var reviewed = result.Value;
        record.SupervisorId = reviewed.SupervisorId;
        record.Verdict = VerdictName(verdict);
        record.Note = reviewed.Note;
        record.ReviewedAt = reviewed.ReviewedAt;
        record.ReviewedBy = reviewed.ReviewedBy;
        record.ReviewedByAdmin = reviewed.ReviewedByAdmin;
        db.EnqueueEvent(new ReviewCompleted(record.VisitRecordId, record.CustomerId, record.RepId, reviewed.SupervisorId,
            record.Verdict, record.Note, reviewed.WasLate, now, reviewed.ReviewedBy, reviewed.ReviewedByAdmin));
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
        // The clock does not depend on who reviews, so an unassigned review needs no reviewer here.
        var status = WitnessRules.Check(Policy, ToDomain(record, record.SupervisorId ?? ""), now);
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
            // An unassigned review has no named person to alert: it stays, escalated, at the top of
            // the routed team's and the admins' queues.
            if (record.SupervisorId is not null)
            {
                await alerts.RaiseReviewOverdueAsync(record, target, status.EscalationLevel, now, cancellationToken);
            }
        }
        if (status.NextCheckAt is { } next)
        {
            timers.ScheduleReviewEscalation(record.VisitRecordId, next);
        }
    }

    /// <summary>The stored review for the domain rules, with <paramref name="supervisorId"/> as the reviewer they check against.</summary>
    public static WitnessReview ToDomain(WitnessReviewRecord r, string supervisorId) =>
        new(r.VisitRecordId, r.RepId, supervisorId, r.SubmittedAt, r.DueAt, r.Verdict is null ? null : ParseVerdict(r.Verdict), r.Note, r.ReviewedAt,
            r.ReviewedBy, r.ReviewedByAdmin);

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
