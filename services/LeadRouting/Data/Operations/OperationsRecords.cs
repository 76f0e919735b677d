namespace SalesMesh.LeadRouting.Data.Operations;

/// <summary>
/// The circuit breaker of one customer (LR-8): the red streak and whether it tripped. Stored form of
/// the domain <c>BreakerState</c>; updated only by the CustomerStatusChanged consumer and reset by an
/// approved appeal.
/// </summary>
public sealed class CustomerBreakerRecord
{
    public Guid CustomerId { get; set; }

    /// <summary>The lead the customer came from (from the latest event that named one).</summary>
    public Guid? LeadId { get; set; }

    /// <summary>Activities' red streak as the newest applied event reported it (0 after a green or yellow).</summary>
    public int ConsecutiveReds { get; set; }
    public bool Tripped { get; set; }

    /// <summary>Message id of the newest applied event (by occurrence time).</summary>
    public string? LastEventId { get; set; }

    public DateTimeOffset? LastEventAt { get; set; }

    /// <summary>Set by an approved appeal: status changes that occurred until then never trip the breaker again.</summary>
    public DateTimeOffset? ForgivenThrough { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A rep lost follow-up rights for a lead's customer (LR-8). Open while <see cref="RestoredAt"/> is
/// null; routing, claiming and the board treat the rep as excluded for that lead meanwhile.
/// </summary>
public sealed class FollowUpRevocationRecord
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public Guid? CustomerId { get; set; }
    public required string RepUserId { get; set; }
    public required string ReasonZh { get; set; }
    public required string ReasonEn { get; set; }
    public DateTimeOffset RevokedAt { get; set; }
    public DateTimeOffset? RestoredAt { get; set; }
    public string? RestoredBy { get; set; }
    public Guid? RestoredByAppealId { get; set; }
}

/// <summary>An invalid-lead appeal (无效线索申诉表, LR-8).</summary>
public sealed class LeadAppealRecord
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public Guid? CustomerId { get; set; }
    public required string RepUserId { get; set; }
    public required string Reason { get; set; }

    /// <summary><c>pending</c>, <c>approved</c> or <c>rejected</c> (<see cref="AppealStates"/>).</summary>
    public required string Status { get; set; }

    public DateTimeOffset FiledAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionReason { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    public List<LeadAppealEvidenceRecord> Evidence { get; set; } = [];
}

/// <summary>One evidence file of an appeal, with the type detected from its content.</summary>
public sealed class LeadAppealEvidenceRecord
{
    public Guid Id { get; set; }
    public Guid AppealId { get; set; }
    public int Position { get; set; }
    public required string FileName { get; set; }

    /// <summary>Detected type, lower case: mp3, m4a, amr, wav, png, jpeg, pdf.</summary>
    public required string FileType { get; set; }

    /// <summary>audio, image or document.</summary>
    public required string Category { get; set; }

    public long SizeBytes { get; set; }
    public required byte[] Content { get; set; }
}

public static class AppealStates
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}
