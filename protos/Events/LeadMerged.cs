using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A duplicate intake was merged into an existing lead instead of creating a second one (LR-2).
/// Published by LeadRouting through its outbox. The lead keeps its owner; the new source is
/// visible on the lead and a supervisor can undo the merge (LeadMergeUndone).
/// </summary>
/// <param name="LeadId">The surviving lead.</param>
/// <param name="MergeId">The merge (the handle UndoMerge takes).</param>
/// <param name="SourceId">The merged intake.</param>
/// <param name="Channel">Channel of the merged intake (kebab-case, see LeadChannelNames).</param>
/// <param name="MatchedOn">Kinds of the shared keys: <c>phone</c>, <c>email</c>, <c>company</c> (never the values).</param>
/// <param name="OwnerUserId">The lead's owner at merge time (who should see the new source), or null.</param>
/// <param name="MergedAtUtc">When the merge committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadMerged(
    Guid LeadId,
    Guid MergeId,
    Guid SourceId,
    string Channel,
    IReadOnlyList<string> MatchedOn,
    string? OwnerUserId,
    DateTimeOffset MergedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-merged";
}
