namespace SalesMesh.Activities.Domain.StatusCards;

/// <summary>A person's override of the automatic colour (AC-7/AC-10): who, when, from what, why.</summary>
public sealed record StatusOverride(StatusColor From, StatusColor To, string Reason, string ActorId, DateTimeOffset At);

/// <summary>
/// Technical proposal draft for the presales engineer, created when a card goes yellow → green.
/// </summary>
public sealed record PresalesTask(string CustomerId, string Kind, BilingualText Title, DateTimeOffset CreatedAt, DateTimeOffset DueAt)
{
    public const string TechnicalProposalDraft = "technicalProposalDraft";
}

/// <summary>
/// A customer's current card. <see cref="Color"/> is the effective colour (the override's if any).
/// <see cref="ConsecutiveReds"/> counts red markings in a row (automatic or manual), for LR-8.
/// </summary>
public sealed record StatusCard(
    string CustomerId,
    StatusEvaluation Automatic,
    StatusOverride? Override,
    int ConsecutiveReds)
{
    public StatusColor Color => Override?.To ?? Automatic.Color;

    public bool WasOverridden => Override is not null;
}

/// <summary>What changed: the new card plus the side effects the service must persist/publish.</summary>
public sealed record StatusCardChange(StatusCard Card, PresalesTask? PresalesTask, bool CircuitBreakerTripped);
