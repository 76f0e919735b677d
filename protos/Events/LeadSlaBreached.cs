using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// An SLA clock of a lead ran out (LR-4): the owner did not view it or did not make the first call
/// by the due time. A warning for the rep and their supervisor (notification features consume it;
/// the texts are ready to show), published in the same transaction that reassigns the lead (see
/// <see cref="LeadReassigned"/> / <see cref="LeadPooled"/>). Published by LeadRouting through its outbox.
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="Clock"><c>view</c> or <c>first-call</c>.</param>
/// <param name="RepUserId">The owner who breached it.</param>
/// <param name="SupervisorUserId">The owner's supervisor, warned too; null when the rep has none.</param>
/// <param name="AssignedAtUtc">When the clock started (the assignment).</param>
/// <param name="DueAtUtc">When it was due.</param>
/// <param name="Reassignment"><c>backup</c>, <c>next-best-candidate</c> or <c>public-pool</c>: where the lead went.</param>
/// <param name="NewRepUserId">Who has the lead now; null when it went to the public pool.</param>
/// <param name="RepMessageZh">The rep's warning in Chinese, e.g. "线索 … 超时：你未在 2026-11-20 10:30 前查看线索，改派给备份人 王五".</param>
/// <param name="RepMessageEn">The same in English.</param>
/// <param name="SupervisorMessageZh">The supervisor's warning in Chinese; null when there is no supervisor.</param>
/// <param name="SupervisorMessageEn">The same in English.</param>
/// <param name="BreachedAtUtc">When the breach was handled (service clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadSlaBreached(
    Guid LeadId,
    string Clock,
    string RepUserId,
    string? SupervisorUserId,
    DateTimeOffset AssignedAtUtc,
    DateTimeOffset DueAtUtc,
    string Reassignment,
    string? NewRepUserId,
    string RepMessageZh,
    string RepMessageEn,
    string? SupervisorMessageZh,
    string? SupervisorMessageEn,
    DateTimeOffset BreachedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-sla-breached";
}
