using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain.Touchpoints;
using SalesMesh.Activities.FollowUp.Alerts;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.FollowUp.Touchpoints;

/// <summary>
/// AC-6: when the agreed next touchpoint is 2 hours past and no visit record of the customer (and
/// the same opportunity) was recorded since it was agreed, the rep and the direct supervisor get an
/// alert with the customer's last 3 visit summaries (the alert in their inbox plus a
/// TouchpointOverdue event). One timer per customer and opportunity (<see cref="FollowUpTimers.TouchpointKey"/>):
/// the latest record's touchpoint stands.
/// </summary>
public sealed class TouchpointService(ActivitiesDbContext db, FollowUpDirectory directory, AlertService alerts, FollowUpTimers timers)
{
    /// <summary>
    /// Stored instants are microseconds, wire instants can be finer: a touchpoint "moved" by less
    /// than this is the same touchpoint.
    /// </summary>
    private static readonly TimeSpan SameInstantTolerance = TimeSpan.FromMilliseconds(1);

    /// <summary>A new record agreed a next touchpoint: (re)arm its customer and opportunity's timer for touchpoint + 2 h.</summary>
    public void Arm(StoredVisitRecord record, DateTimeOffset agreedAt)
    {
        var payload = new TouchpointTimerPayload(record.Id, record.CustomerId, record.RepUserId, record.NextTouchpointAt, agreedAt, record.OpportunityId);
        timers.ScheduleTouchpoint(payload, TouchpointAlerts.DueAt(ToDomain(payload)));
    }

    /// <summary>
    /// An offline edit (sync) of a stored record, inside its write: when the edit moved the next
    /// touchpoint (or the record to another opportunity) and no later record of the same customer
    /// and opportunity has superseded it, the edited touchpoint stands, agreed now, and the timer
    /// is re-armed for it. An edit of an older record changes no standing touchpoint.
    /// </summary>
    public async Task RearmAfterEditAsync(StoredVisitRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = db.Entry(record);
        var previousAt = before.Property(r => r.NextTouchpointAt).OriginalValue;
        var previousOpportunity = before.Property(r => r.OpportunityId).OriginalValue;
        if (SameInstant(previousAt, record.NextTouchpointAt) && previousOpportunity == record.OpportunityId)
        {
            return;
        }
        var opportunityId = record.OpportunityId;
        var superseded = await db.VisitRecords.AnyAsync(v => v.CustomerId == record.CustomerId && v.OpportunityId == opportunityId
            && v.Id != record.Id && v.RecordedAt > record.RecordedAt, cancellationToken);
        if (!superseded)
        {
            Arm(record, now);
        }
    }

    /// <summary>Timer: raises the alert unless the customer was followed up. Idempotent per source record and touchpoint.</summary>
    public async Task CheckAsync(TouchpointTimerPayload payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // An edit since the timer was armed (another touchpoint, another opportunity) re-armed the
        // timer under what the record says now: this firing is stale.
        var source = await db.VisitRecords.AsNoTracking().SingleOrDefaultAsync(v => v.Id == payload.SourceVisitRecordId, cancellationToken);
        if (source is null || !SameInstant(source.NextTouchpointAt, payload.TouchpointAt) || source.OpportunityId != payload.OpportunityId)
        {
            return;
        }
        // A won or lost opportunity has nothing left to follow up.
        if (payload.OpportunityId is { } opportunityId
            && await db.Opportunities.AnyAsync(o => o.Id == opportunityId && o.Status != OpportunityRecord.StatusOpen, cancellationToken))
        {
            return;
        }
        var supervisor = await directory.FindSupervisorAsync(payload.RepId, cancellationToken);
        var recent = await directory.RecentVisitsAsync(payload.CustomerId, TouchpointAlerts.SummariesAttached, cancellationToken);
        // One follow-up is enough to know the touchpoint was followed up.
        var followUps = await directory.VisitsRecordedAfterAsync(payload.CustomerId, payload.OpportunityId, payload.AgreedAt,
            payload.SourceVisitRecordId, 1, cancellationToken);
        var visits = recent.Concat(followUps).DistinctBy(v => v.Id)
            .Select(v => new VisitSummary(v.Id, v.CustomerId.ToString(), v.VisitedAt, v.RecordedAt, v.Summary, v.OpportunityId?.ToString()))
            .ToList();
        var alert = TouchpointAlerts.Check(ToDomain(payload), supervisor ?? payload.RepId, visits, now);
        if (alert is null)
        {
            return;
        }
        var stored = await alerts.RaiseTouchpointOverdueAsync(alert, now, cancellationToken);
        if (stored is null)
        {
            return;
        }
        db.EnqueueEvent(new TouchpointOverdue(stored.Id, payload.CustomerId, payload.SourceVisitRecordId, payload.RepId, supervisor,
            [.. alert.Recipients], payload.TouchpointAt, alert.DueAt,
            [.. alert.RecentVisits.Select(v => new TouchpointVisitSummary(v.RecordId, v.VisitedAt, v.Summary))]));
    }

    private static AgreedTouchpoint ToDomain(TouchpointTimerPayload payload) =>
        new(payload.SourceVisitRecordId, payload.CustomerId.ToString(), payload.RepId, payload.TouchpointAt, payload.AgreedAt, payload.OpportunityId?.ToString());

    private static bool SameInstant(DateTimeOffset a, DateTimeOffset b) => (a - b).Duration() < SameInstantTolerance;
}
