namespace SalesMesh.Activities.Data.FollowUp;

/// <summary>A task for a role (e.g. presales' technical proposal draft when a card turns yellow → green).</summary>
public sealed class FollowUpTaskRecord
{
    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public required string Kind { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public required string AssigneeRole { get; set; }
    public required string CustomerOwnerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public string? CompletionNote { get; set; }
}
