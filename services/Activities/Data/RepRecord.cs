namespace SalesMesh.Activities.Data;

/// <summary>
/// A rep as LeadRouting's roster knows them (fed by the RosterChanged event, never edited here):
/// the team that decides who may see their customers and the direct supervisor who reviews their
/// visit records (witness mode, AC-5).
/// </summary>
public sealed class RepRecord
{
    public required string UserId { get; set; }
    public required string DisplayName { get; set; }
    public string? TeamId { get; set; }

    /// <summary>Direct supervisor's user id, or null when the roster names none.</summary>
    public string? SupervisorUserId { get; set; }

    public bool Active { get; set; }

    /// <summary>The roster's monotonic version; an older event never overwrites a newer one.</summary>
    public long RosterVersion { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
