namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// A settled SLA clock of a rep (met or breached): the responsiveness factor of routing (LR-3).
/// Written by the SLA timers (LR-4) when a clock settles; read by LeadAssignmentService.
/// </summary>
public sealed class RepSlaRecord
{
    public Guid Id { get; set; }
    public required string RepUserId { get; set; }
    public Guid LeadId { get; set; }

    /// <summary>"view" or "first-call".</summary>
    public required string Clock { get; set; }

    public DateTimeOffset DueAt { get; set; }
    public bool Met { get; set; }
}
