using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// An opportunity moved to another stage (AC-1/AC-2) after passing its stage gate, including the
/// moves to won and lost (then OpportunityWon / OpportunityLost follow in the same transaction).
/// Published by Activities through its outbox. Consumers: Insights (funnel), Attribution.
/// </summary>
/// <param name="OpportunityId">The opportunity.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="OwnerUserId">The customer's owner (rep).</param>
/// <param name="FromStage">Stage key before, e.g. "needsDiagnosis".</param>
/// <param name="ToStage">Stage key after, e.g. "solutionPresentation", "won", "lost".</param>
/// <param name="ChangedByUserId">Who moved it.</param>
/// <param name="Version">The opportunity's version after the move.</param>
/// <param name="ChangedAtUtc">When the move committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record StageChanged(
    Guid OpportunityId,
    Guid CustomerId,
    string OwnerUserId,
    string FromStage,
    string ToStage,
    string ChangedByUserId,
    int Version,
    DateTimeOffset ChangedAtUtc)
{
    public const string EventName = "salesmesh.activities.v1.stage-changed";
}
