namespace SalesMesh.Activities.Domain.Witness;

public enum ReviewVerdict
{
    /// <summary>信息完整</summary>
    InfoComplete,
    /// <summary>需补充</summary>
    NeedsDetail,
    /// <summary>有风险</summary>
    Risk,
}

/// <summary>
/// Witness mode settings (AC-5). Records of customers whose value is strictly ABOVE the threshold
/// need review; the review is due <see cref="ReviewWindow"/> after submission and escalates one
/// level up the management chain every <see cref="EscalationInterval"/> after that, up to
/// <see cref="MaxEscalationLevel"/>.
/// </summary>
public sealed record WitnessPolicy(Money Threshold, TimeSpan ReviewWindow, TimeSpan EscalationInterval, int MaxEscalationLevel)
{
    public static WitnessPolicy Default { get; } = new(new Money(500_000m), TimeSpan.FromHours(2), TimeSpan.FromHours(2), 2);
}

/// <summary>
/// A pending or completed supervisor review of one submitted visit record. <see cref="ReviewedBy"/> is
/// who gave the verdict: the supervisor, or an admin acting on admin rights (<see cref="ReviewedByAdmin"/>).
/// </summary>
public sealed record WitnessReview(
    Guid RecordId,
    string RepId,
    string SupervisorId,
    DateTimeOffset SubmittedAt,
    DateTimeOffset DueAt,
    ReviewVerdict? Verdict = null,
    string? Note = null,
    DateTimeOffset? ReviewedAt = null,
    string? ReviewedBy = null,
    bool ReviewedByAdmin = false)
{
    public bool IsCompleted => Verdict is not null;

    /// <summary>Reviewed after the due time (kept for the supervisor's own health report).</summary>
    public bool WasLate => ReviewedAt is { } at && at > DueAt;
}

public enum ReviewClockState
{
    Completed,
    Pending,
    Escalated,
}

/// <summary>Where a review stands at a given moment, and when the service should look again.</summary>
public sealed record ReviewClockStatus(ReviewClockState State, int EscalationLevel, DateTimeOffset? NextCheckAt);
