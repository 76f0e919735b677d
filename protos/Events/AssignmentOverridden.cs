using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A supervisor overrode an automatic decision (LR-9): gave the lead to a rep or moved it to a pool,
/// with a mandatory reason that is also in the tamper-evident history. Published by LeadRouting
/// through its outbox.
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="SupervisorUserId">Who overrode (a supervisor or admin).</param>
/// <param name="Target"><c>assign</c>, <c>public-pool</c> or <c>cleaning-pool</c>.</param>
/// <param name="PreviousOwnerUserId">The owner before, or null.</param>
/// <param name="NewOwnerUserId">The owner after (for <c>assign</c>), else null.</param>
/// <param name="PreviousStatus">The lead status before (kebab-case, e.g. <c>viewed</c>).</param>
/// <param name="NewStatus">The lead status after.</param>
/// <param name="Reason">The supervisor's reason, as typed.</param>
/// <param name="OverriddenAtUtc">When it committed (service clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record AssignmentOverridden(
    Guid LeadId,
    string SupervisorUserId,
    string Target,
    string? PreviousOwnerUserId,
    string? NewOwnerUserId,
    string PreviousStatus,
    string NewStatus,
    string Reason,
    DateTimeOffset OverriddenAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.assignment-overridden";
}
