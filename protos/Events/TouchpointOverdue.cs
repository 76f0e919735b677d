using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// An agreed next touchpoint is 2 hours past without a new visit record for the customer (AC-6).
/// Published by Activities' durable timer through its outbox, once per source record; notification
/// channels deliver it to the rep and the supervisor with the customer's last 3 visit summaries.
/// </summary>
/// <param name="AlertId">The alert in Activities' inbox (dismissable with a note, AC-10).</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="SourceVisitRecordId">The visit record that agreed the touchpoint.</param>
/// <param name="RepUserId">The rep.</param>
/// <param name="SupervisorUserId">The rep's direct supervisor, or null when none is known.</param>
/// <param name="RecipientUserIds">Rep and supervisor (once if the same person).</param>
/// <param name="TouchpointAtUtc">The agreed time.</param>
/// <param name="DueAtUtc">Touchpoint + 2 h.</param>
/// <param name="RecentVisits">The customer's last 3 visits, newest first.</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record TouchpointOverdue(
    Guid AlertId,
    Guid CustomerId,
    Guid SourceVisitRecordId,
    string RepUserId,
    string? SupervisorUserId,
    IReadOnlyList<string> RecipientUserIds,
    DateTimeOffset TouchpointAtUtc,
    DateTimeOffset DueAtUtc,
    IReadOnlyList<TouchpointVisitSummary> RecentVisits)
{
    public const string EventName = "salesmesh.activities.v1.touchpoint-overdue";
}

/// <summary>One past visit attached to <see cref="TouchpointOverdue"/>.</summary>
/// <param name="VisitRecordId">The visit record.</param>
/// <param name="VisitedAtUtc">When the visit happened.</param>
/// <param name="Summary">Short summary of the visit.</param>
public sealed record TouchpointVisitSummary(Guid VisitRecordId, DateTimeOffset VisitedAtUtc, string Summary);
