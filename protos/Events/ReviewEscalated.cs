using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A witness review got no verdict in time (AC-5): level 1 at the 2-hour due time, one more level
/// every 2 hours after that (capped). Published by Activities' durable timer through its outbox;
/// notification channels tell the supervisor and the manager it escalated to.
/// </summary>
/// <param name="VisitRecordId">The record still waiting for review.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="RepUserId">The rep who submitted it.</param>
/// <param name="SupervisorUserId">The direct supervisor who has not reviewed; null for a review routed to a
/// team because the rep has no direct supervisor (see ReviewRequested.RoutedToTeamId).</param>
/// <param name="EscalatedToUserId">The supervisor's own supervisor (from the roster), or null when none is known.</param>
/// <param name="Level">Escalation level, 1 or more.</param>
/// <param name="DueAtUtc">When the review was due.</param>
/// <param name="EscalatedAtUtc">Server time of the escalation.</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record ReviewEscalated(
    Guid VisitRecordId,
    Guid CustomerId,
    string RepUserId,
    string? SupervisorUserId,
    string? EscalatedToUserId,
    int Level,
    DateTimeOffset DueAtUtc,
    DateTimeOffset EscalatedAtUtc)
{
    public const string EventName = "salesmesh.activities.v1.review-escalated";
}
