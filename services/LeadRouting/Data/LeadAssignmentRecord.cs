namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// One routing decision for a lead (LR-3): the winner (or the public pool), why, and every
/// candidate's exclusions, tiers and factor scores as they were at that moment
/// (<see cref="Explanation"/>, the serialized domain RoutingDecision). Never updated except
/// <see cref="EndedAt"/> when a later decision replaces it.
/// </summary>
public sealed class LeadAssignmentRecord
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }

    /// <summary>"assigned" or "public-pool".</summary>
    public required string Outcome { get; set; }

    /// <summary>The rep who got the lead; null when it went to the public pool.</summary>
    public string? RepUserId { get; set; }

    /// <summary>Why routing ran: "intake", "merge-undone", "sla-breach", "override", "claim", … (AssignmentReasons).</summary>
    public required string Reason { get; set; }

    public required string PolicyId { get; set; }
    public int PolicyVersion { get; set; }
    public DateTimeOffset DecidedAt { get; set; }

    /// <summary>User id of the person who caused it, or "system".</summary>
    public required string DecidedBy { get; set; }

    public required string SummaryZh { get; set; }
    public required string SummaryEn { get; set; }

    /// <summary>jsonb: the RoutingDecision as <see cref="Application.Routing.StoredDecision"/> stores it (compact, or whole in rows written before it).</summary>
    public required string Explanation { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
}

/// <summary>Stored values of <see cref="LeadAssignmentRecord.Reason"/>.</summary>
public static class AssignmentReasons
{
    public const string Intake = "intake";
    public const string MergeUndone = "merge-undone";
    public const string SlaBreach = "sla-breach";
    public const string Override = "override";
    public const string Claim = "claim";
    public const string AppealApproved = "appeal-approved";
    public const string Reroute = "reroute";
}

/// <summary>Stored values of <see cref="LeadAssignmentRecord.Outcome"/>.</summary>
public static class AssignmentOutcomes
{
    public const string Assigned = "assigned";
    public const string PublicPool = "public-pool";
}
