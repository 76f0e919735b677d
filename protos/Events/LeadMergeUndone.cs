using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A supervisor undid a merge (LR-2): the merged intake left the surviving lead and became a lead
/// of its own, routed like a new lead. Published by LeadRouting through its outbox.
/// </summary>
/// <param name="MergeId">The undone merge.</param>
/// <param name="OriginalLeadId">The lead the source had been merged into.</param>
/// <param name="NewLeadId">The lead the source became.</param>
/// <param name="SourceId">The intake that moved.</param>
/// <param name="UndoneByUserId">The supervisor.</param>
/// <param name="Reason">The supervisor's reason, as typed.</param>
/// <param name="UndoneAtUtc">When the undo committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadMergeUndone(
    Guid MergeId,
    Guid OriginalLeadId,
    Guid NewLeadId,
    Guid SourceId,
    string UndoneByUserId,
    string Reason,
    DateTimeOffset UndoneAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-merge-undone";
}
