using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A lead moved from one rep to another without going through the pool: after an SLA breach (to the
/// backup or the next best candidate, LR-4) or by a supervisor override (LR-9). Published by
/// LeadRouting through its outbox, together with the <c>LeadAssigned</c> of the new assignment.
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="FromRepUserId">The previous owner.</param>
/// <param name="ToRepUserId">The new owner.</param>
/// <param name="Cause"><c>sla-breach</c> or <c>override</c>.</param>
/// <param name="ReasonZh">Why, in Chinese (e.g. "改派给备份人 王五" or the supervisor's reason).</param>
/// <param name="ReasonEn">The same in English (the supervisor's reason is repeated as typed).</param>
/// <param name="ActorUserId">Who caused it: the supervisor, or <c>system</c>.</param>
/// <param name="ReassignedAtUtc">When it committed (service clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadReassigned(
    Guid LeadId,
    string FromRepUserId,
    string ToRepUserId,
    string Cause,
    string ReasonZh,
    string ReasonEn,
    string ActorUserId,
    DateTimeOffset ReassignedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-reassigned";
}
