using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A lead entered the public pool (公海, LR-7) or the cleaning pool (待清洗池, LR-8): recycled for
/// lack of follow-up, abandoned, nobody eligible after an SLA breach, moved by a supervisor, or
/// tripped by the circuit breaker. Published by LeadRouting through its outbox.
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="Pool"><c>public-pool</c> or <c>cleaning-pool</c>.</param>
/// <param name="PreviousOwnerUserId">Who owned it before, or null.</param>
/// <param name="Cause"><c>not-contacted-in-time</c>, <c>abandoned</c>, <c>sla-breach</c>, <c>override</c> or <c>circuit-breaker</c>.</param>
/// <param name="ReasonZh">Why, in Chinese.</param>
/// <param name="ReasonEn">The same in English.</param>
/// <param name="PooledAtUtc">When it committed (service clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadPooled(
    Guid LeadId,
    string Pool,
    string? PreviousOwnerUserId,
    string Cause,
    string ReasonZh,
    string ReasonEn,
    DateTimeOffset PooledAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-pooled";
}
