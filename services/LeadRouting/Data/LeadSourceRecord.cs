namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// One intake as the channel delivered it (LR-1, LR-2). Every accepted intake is one source row,
/// the one that created the lead included (<see cref="IsOrigin"/>), so a lead that absorbed 20
/// duplicate deliveries has 20 sources and nothing a channel said is ever lost. Undoing a merge
/// moves the source to a lead of its own (<see cref="LeadId"/> changes, the merge row records it).
/// </summary>
public sealed class LeadSourceRecord
{
    public Guid Id { get; set; }

    /// <summary>The lead this intake belongs to now.</summary>
    public Guid LeadId { get; set; }

    /// <summary>Unique: a retried intake (same key) finds this row and its lead instead of storing anything.</summary>
    public required string IdempotencyKey { get; set; }

    public required string Channel { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? CapturedAt { get; set; }
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? PhoneNormalized { get; set; }
    public string? Email { get; set; }
    public string? EmailNormalized { get; set; }
    public string? Company { get; set; }
    public string? CompanyKey { get; set; }
    public string? City { get; set; }
    public string? Territory { get; set; }
    public string[] ProductTags { get; set; } = [];
    public string? Payload { get; set; }
    public Guid? ReferredBy { get; set; }

    /// <summary>Who submitted the intake (the signed-in caller).</summary>
    public string? SubmittedBy { get; set; }

    /// <summary>True for the intake that created <see cref="LeadId"/> (also for a source split out by an undo).</summary>
    public bool IsOrigin { get; set; }

    /// <summary>The merge that attached this source to its lead, or null for an origin.</summary>
    public Guid? MergeId { get; set; }
}
