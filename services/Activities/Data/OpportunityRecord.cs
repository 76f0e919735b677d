namespace SalesMesh.Activities.Data;

/// <summary>
/// An opportunity of a customer moving through the pipeline (AC-1). The stage gate (AC-2) reads
/// <see cref="CompletedActions"/> and <see cref="FieldValues"/>; visit records submitted for the
/// opportunity fill fields too. <see cref="Version"/> is the optimistic-concurrency token.
/// </summary>
public sealed class OpportunityRecord
{
    public const string StatusOpen = "open";
    public const string StatusWon = "won";
    public const string StatusLost = "lost";

    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public required string Name { get; set; }

    /// <summary>Stage key, e.g. "needsDiagnosis"; "won"/"lost" once closed.</summary>
    public required string Stage { get; set; }

    /// <summary>Expected deal value (decimal, never floating point) and its ISO 4217 currency.</summary>
    public decimal Amount { get; set; }
    public required string Currency { get; set; }

    /// <summary>"open", "won" or "lost".</summary>
    public required string Status { get; set; }

    /// <summary>Playbook action keys the rep reported done (any stage), e.g. "productDemoDone".</summary>
    public List<string> CompletedActions { get; set; } = [];

    /// <summary>JSON object field key → value text (e.g. {"quotedAmount":"120000","budget":"confirmedAbove500k"}).</summary>
    public string FieldValues { get; set; } = "{}";

    public string? LostReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public int Version { get; set; }
}
