namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// A contact attempt a rep recorded on a lead (first call and later follow-ups). Feeds the LR-3
/// follow-up intensity rule (fewer than 2 in 30 days → × 0.8) and the first-call SLA.
/// </summary>
public sealed class LeadContactRecord
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public required string RepUserId { get; set; }

    /// <summary>"call", "wechat", "visit", "email", "other".</summary>
    public required string Kind { get; set; }

    public DateTimeOffset ContactedAt { get; set; }
    public int? DurationSeconds { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
