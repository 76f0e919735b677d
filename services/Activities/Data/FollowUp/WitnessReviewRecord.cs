namespace SalesMesh.Activities.Data.FollowUp;

/// <summary>The supervisor's witness review of one high-value visit record (AC-5); one per record.</summary>
public sealed class WitnessReviewRecord
{
    public Guid VisitRecordId { get; set; }
    public Guid CustomerId { get; set; }
    public required string RepId { get; set; }
    /// <summary>
    /// The rep's direct supervisor, who must review; null when the roster names none — then the
    /// review is routed to the supervisors of <see cref="TeamId"/> (and admins), and whoever of
    /// them gives the verdict is stored here.
    /// </summary>
    public string? SupervisorId { get; set; }

    /// <summary>The team an unassigned review is routed to (the rep's roster team, else the customer's); null when assigned.</summary>
    public string? TeamId { get; set; }

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

    /// <summary>Who gave the verdict: the supervisor, or an admin (then <see cref="ReviewedByAdmin"/>); null while pending.</summary>
    public string? ReviewedBy { get; set; }

    /// <summary>True when an admin gave the verdict on admin rights instead of the review's supervisor.</summary>
    public bool ReviewedByAdmin { get; set; }
}
