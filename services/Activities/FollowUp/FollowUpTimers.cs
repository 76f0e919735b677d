using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.Activities.FollowUp;

/// <summary>
/// What a touchpoint timer needs when it fires (stored as the timer's JSON payload).
/// <paramref name="AgreedAt"/> is when the touchpoint was agreed: the record's write (a new record,
/// or the offline edit that moved the touchpoint). <paramref name="OpportunityId"/> is the
/// opportunity the record is for, or null.
/// </summary>
public sealed record TouchpointTimerPayload(Guid SourceVisitRecordId, Guid CustomerId, string RepId, DateTimeOffset TouchpointAt, DateTimeOffset AgreedAt,
    Guid? OpportunityId = null);

/// <summary>
/// The follow-up durable timers (ServiceDefaults/Timers): scheduled on the caller's context, so
/// they commit with the change that makes them necessary, and fired exactly once across replicas.
/// Kinds are stored in every row: never rename them.
/// </summary>
public sealed class FollowUpTimers(ActivitiesDbContext db)
{
    /// <summary>
    /// Key: customer id. Due no later than 60 days after the last effective interaction: a visit
    /// moves it only when it must fire earlier (<see cref="EnsureInactivityCheckBy"/>); one that
    /// fires before 60 quiet days just moves itself on (StatusInactivityTimerHandler).
    /// </summary>
    public const string StatusInactivity = "activities.follow-up.status-inactivity";

    /// <summary>Key: visit record id. Due when the review is due, then at each further escalation step.</summary>
    public const string ReviewEscalation = "activities.follow-up.review-escalation";

    /// <summary>
    /// Key: <see cref="TouchpointKey"/> — one agreed next touchpoint per customer and opportunity
    /// (the latest record's), so two opportunities of one customer keep their own. Due 2 h after the touchpoint.
    /// </summary>
    public const string TouchpointOverdue = "activities.follow-up.touchpoint-overdue";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void ScheduleInactivityCheck(Guid customerId, DateTimeOffset dueAt) =>
        db.ScheduleTimer(StatusInactivity, customerId.ToString(), dueAt);

    /// <summary>
    /// Makes sure the inactivity check fires by <paramref name="dueAt"/>, leaving a pending check
    /// that is due earlier as it is: each visit would otherwise rewrite the customer's timer row
    /// (a new row version in three indexes per submission). Only a stored row this unit of work
    /// already tracks is trusted (the submission reads it with the status card); otherwise it schedules.
    /// </summary>
    public void EnsureInactivityCheckBy(Guid customerId, DateTimeOffset dueAt)
    {
        var key = customerId.ToString();
        // Unchanged: a stored row as read (a row scheduled in this unit of work is tracked as Added).
        var pendingEarlier = db.Set<DurableTimer>().Local.Any(t => t.Kind == StatusInactivity && t.Key == key
            && t.FiredAt is null && t.DueAt <= dueAt && db.Entry(t).State == EntityState.Unchanged);
        if (!pendingEarlier)
        {
            ScheduleInactivityCheck(customerId, dueAt);
        }
    }

    public void ScheduleReviewEscalation(Guid visitRecordId, DateTimeOffset dueAt) =>
        db.ScheduleTimer(ReviewEscalation, visitRecordId.ToString(), dueAt);

    public void CancelReviewEscalation(Guid visitRecordId) =>
        db.CancelTimer(ReviewEscalation, visitRecordId.ToString());

    public void ScheduleTouchpoint(TouchpointTimerPayload payload, DateTimeOffset dueAt) =>
        db.ScheduleTimer(TouchpointOverdue, TouchpointKey(payload.CustomerId, payload.OpportunityId), dueAt, JsonSerializer.Serialize(payload, Json));

    /// <summary>"customerId:opportunityId", or the customer id alone for visits without an opportunity.</summary>
    public static string TouchpointKey(Guid customerId, Guid? opportunityId) =>
        opportunityId is { } opportunity ? $"{customerId}:{opportunity}" : customerId.ToString();
}
