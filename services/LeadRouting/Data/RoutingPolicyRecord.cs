namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// One stored version of the routing policy (LR-3). Versions are only ever added; the current
/// policy is the highest version. The primary key (policy id, version) turns two concurrent
/// saves of the same next version into one winner and one conflict.
/// </summary>
public sealed class RoutingPolicyRecord
{
    public required string PolicyId { get; set; }
    public int Version { get; set; }

    /// <summary>jsonb RoutingPolicyJson document.</summary>
    public required string Document { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public string? Comment { get; set; }
}
