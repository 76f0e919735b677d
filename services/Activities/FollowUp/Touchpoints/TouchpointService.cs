using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain.Touchpoints;
using SalesMesh.Activities.FollowUp.Alerts;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.FollowUp.Touchpoints;

/// <summary>
/// AC-6: when the agreed next touchpoint is 2 hours past and no visit record of the customer was
/// recorded since it was agreed, the rep and the direct supervisor get an alert with the customer's
/// last 3 visit summaries (the alert in their inbox plus a TouchpointOverdue event).
/// </summary>
public sealed class TouchpointService(ActivitiesDbContext db, FollowUpDirectory directory, AlertService alerts, FollowUpTimers timers)
{
    /// <summary>A new record agreed a next touchpoint: (re)arm the customer's timer for touchpoint + 2 h.</summary>
    public void Arm(StoredVisitRecord record, DateTimeOffset agreedAt) =>
        timers.ScheduleTouchpoint(new TouchpointTimerPayload(record.Id, record.CustomerId, record.RepUserId, record.NextTouchpointAt, agreedAt),
            TouchpointAlerts.DueAt(new AgreedTouchpoint(record.Id, record.CustomerId.ToString(), record.RepUserId, record.NextTouchpointAt, agreedAt)));

    /// <summary>Timer: raises the alert unless the customer was followed up. Idempotent per source record.</summary>
    public async Task CheckAsync(TouchpointTimerPayload payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await directory.AnyVisitRecordedAfterAsync(payload.CustomerId, payload.AgreedAt, payload.SourceVisitRecordId, cancellationToken))
        {
            return;
        }
        var supervisor = await directory.FindSupervisorAsync(payload.RepId, cancellationToken);
        var visits = await directory.RecentVisitsAsync(payload.CustomerId, TouchpointAlerts.SummariesAttached, cancellationToken);
        var touchpoint = new AgreedTouchpoint(payload.SourceVisitRecordId, payload.CustomerId.ToString(), payload.RepId, payload.TouchpointAt, payload.AgreedAt);
        var alert = TouchpointAlerts.Check(touchpoint, supervisor ?? payload.RepId,
            [.. visits.Select(v => new VisitSummary(v.Id, v.CustomerId.ToString(), v.VisitedAt, v.RecordedAt, v.Summary))], now);
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
}
