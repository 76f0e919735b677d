namespace SalesMesh.Activities.Data.FollowUp;

/// <summary>
/// The stored status card of one customer (AC-7): the latest automatic evaluation, the person's
/// override of it (if any) and the red streak LeadRouting's circuit breaker counts.
/// </summary>
public sealed class StatusCardRecord
{
    public Guid CustomerId { get; set; }

    /// <summary>"green", "yellow" or "red".</summary>
    public required string AutomaticColor { get; set; }

    /// <summary>JSON array of {code, zh, en}.</summary>
    public required string ReasonsJson { get; set; }

    public DateTimeOffset EvaluatedAt { get; set; }

    public string? OverrideFrom { get; set; }
    public string? OverrideTo { get; set; }
    public string? OverrideReason { get; set; }
    public string? OverrideActor { get; set; }
    public DateTimeOffset? OverrideAt { get; set; }

    public int ConsecutiveReds { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One change of a card's effective colour or red streak, automatic or by a person (the card's history).</summary>
public sealed class StatusCardChangeRecord
{
    public long Id { get; set; }
    public Guid CustomerId { get; set; }
    public string? FromColor { get; set; }
    public required string ToColor { get; set; }
    public bool Automatic { get; set; }
    public required string Reason { get; set; }

    /// <summary>The person for overrides; null for the automation.</summary>
    public string? ActorId { get; set; }

    public int ConsecutiveReds { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
