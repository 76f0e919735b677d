using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// Routing decided who owns a lead (LR-3): at intake, after an undone merge, or when a feature
/// re-routes it (SLA breach, override). When nobody qualified, <paramref name="Outcome"/> is
/// <c>public-pool</c>, <paramref name="RepUserId"/> is null and the summary gives the reason — a
/// lead is never lost. Published by LeadRouting through its outbox; Insights and notification
/// features consume it. The per-candidate scores stay in LeadRouting (GetLead returns them).
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="AssignmentId">The stored decision (its explanation is returned by GetLead).</param>
/// <param name="Outcome"><c>assigned</c> or <c>public-pool</c>.</param>
/// <param name="RepUserId">The rep who got the lead, or null for the public pool.</param>
/// <param name="TeamId">The rep's team, or null.</param>
/// <param name="Reason">Why routing ran: <c>intake</c>, <c>merge-undone</c>, <c>sla-breach</c>, <c>override</c>, <c>reroute</c>, …</param>
/// <param name="PolicyVersion">Routing policy version used.</param>
/// <param name="SummaryZh">The explanation summary in Chinese (why this rep, or why the pool); no contact data.</param>
/// <param name="SummaryEn">The same in English.</param>
/// <param name="CandidateCount">How many reps were considered.</param>
/// <param name="AssignedAtUtc">When the decision committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadAssigned(
    Guid LeadId,
    Guid AssignmentId,
    string Outcome,
    string? RepUserId,
    string? TeamId,
    string Reason,
    int PolicyVersion,
    string SummaryZh,
    string SummaryEn,
    int CandidateCount,
    DateTimeOffset AssignedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-assigned";
}
