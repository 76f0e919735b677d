namespace SalesMesh.Activities.Data.FollowUp;

/// <summary>The supervisor's witness review of one high-value visit record (AC-5); one per record.</summary>
public sealed class WitnessReviewRecord
{
    public Guid VisitRecordId { get; set; }
    public Guid CustomerId { get; set; }
    public required string RepId { get; set; }
    public required string SupervisorId { get; set; }
    public decimal CustomerValue { get; set; }
    public required string Currency { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public int EscalationLevel { get; set; }
    public string? EscalatedTo { get; set; }

    /// <summary>"infoComplete", "needsDetail", "risk" or null while pending.</summary>
    public string? Verdict { get; set; }

    public string? Note { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
}
