namespace SalesMesh.Activities.Domain.Touchpoints;

/// <summary>
/// An agreed next touchpoint (from a visit record) of one customer and, when the visit was for one,
/// one opportunity: each opportunity of a customer has its own next touchpoint.
/// </summary>
public sealed record AgreedTouchpoint(Guid SourceRecordId, string CustomerId, string RepId, DateTimeOffset At, DateTimeOffset AgreedAt,
    string? OpportunityId = null);

/// <summary>A compact visit summary as attached to alerts (<paramref name="OpportunityId"/>: the opportunity the visit was for, or null).</summary>
public sealed record VisitSummary(Guid RecordId, string CustomerId, DateTimeOffset VisitedAt, DateTimeOffset RecordedAt, string Summary,
    string? OpportunityId = null);

/// <summary>The alert to deliver to the rep and supervisor (AC-6). Its id is the source record's, so re-running the check never duplicates it.</summary>
public sealed record TouchpointAlert(
    Guid SourceRecordId,
    string CustomerId,
    IReadOnlyList<string> Recipients,
    DateTimeOffset DueAt,
    BilingualText Message,
    IReadOnlyList<VisitSummary> RecentVisits);

/// <summary>
/// "2 hours after an agreed next touchpoint without an update → alert". An update is a visit
/// record for the same customer and the same opportunity (both without one counts as the same)
/// recorded after the touchpoint was agreed (what the rep wrote last time does not count as
/// following up, and a visit about another opportunity does not follow this one up).
/// </summary>
public static class TouchpointAlerts
{
    public static readonly TimeSpan Grace = TimeSpan.FromHours(2);
    public const int SummariesAttached = 3;

    public static DateTimeOffset DueAt(AgreedTouchpoint touchpoint) => touchpoint.At + Grace;

    /// <summary>Returns the alert when due and not followed up, otherwise null.</summary>
    public static TouchpointAlert? Check(AgreedTouchpoint touchpoint, string supervisorId, IReadOnlyList<VisitSummary> customerVisits, DateTimeOffset now)
    {
        var due = DueAt(touchpoint);
        if (now < due)
        {
            return null;
        }
        foreach (var visit in customerVisits)
        {
            if (visit.CustomerId == touchpoint.CustomerId && visit.OpportunityId == touchpoint.OpportunityId
                && visit.RecordId != touchpoint.SourceRecordId && visit.RecordedAt > touchpoint.AgreedAt)
            {
                return null;
            }
        }
        var recipients = touchpoint.RepId == supervisorId ? new[] { touchpoint.RepId } : new[] { touchpoint.RepId, supervisorId };
        var message = new BilingualText(
            $"约定的下次触点（{touchpoint.At:yyyy-MM-dd HH:mm} UTC）已过 2 小时仍无跟进记录",
            $"The agreed next touchpoint ({touchpoint.At:yyyy-MM-dd HH:mm} UTC) is 2 hours past without an update");
        return new TouchpointAlert(touchpoint.SourceRecordId, touchpoint.CustomerId, recipients, due, message,
            LastVisits(customerVisits, touchpoint.CustomerId, SummariesAttached));
    }

    /// <summary>The customer's most recent visits, newest first (ties: later recorded first, then record id), at most <paramref name="count"/>.</summary>
    public static IReadOnlyList<VisitSummary> LastVisits(IReadOnlyList<VisitSummary> visits, string customerId, int count)
    {
        var mine = new List<VisitSummary>();
        foreach (var visit in visits)
        {
            if (visit.CustomerId == customerId)
            {
                mine.Add(visit);
            }
        }
        mine.Sort(static (a, b) =>
        {
            int byVisit = b.VisitedAt.CompareTo(a.VisitedAt);
            if (byVisit != 0)
            {
                return byVisit;
            }
            int byRecorded = b.RecordedAt.CompareTo(a.RecordedAt);
            return byRecorded != 0 ? byRecorded : a.RecordId.CompareTo(b.RecordId);
        });
        return mine.Count > count ? mine.GetRange(0, count) : mine;
    }
}
