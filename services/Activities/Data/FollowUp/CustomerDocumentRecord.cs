namespace SalesMesh.Activities.Data.FollowUp;

/// <summary>
/// A file attached to a customer (and optionally one of its visit records). The bytes live in the
/// database: documents are small (size-limited at upload) and must commit atomically with the
/// DocumentAttached event and the status-card re-evaluation they trigger.
/// </summary>
public sealed class CustomerDocumentRecord
{
    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public Guid? VisitRecordId { get; set; }

    /// <summary>"requirementConfirmation" or "other" (<see cref="DocumentKinds"/>).</summary>
    public required string Kind { get; set; }

    public required string FileName { get; set; }

    /// <summary>The declared type, verified against <see cref="Content"/> at upload.</summary>
    public required string ContentType { get; set; }

    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public required string AttachedBy { get; set; }
    public DateTimeOffset AttachedAt { get; set; }
}

public static class DocumentKinds
{
    public const string RequirementConfirmation = "requirementConfirmation";
    public const string Other = "other";
}
