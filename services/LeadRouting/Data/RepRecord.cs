namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// One rep on the roster (LR-10): who they are, where they sell, what they are qualified for, how
/// much they can hold, when they work and who backs them up. <see cref="Version"/> grows on every
/// change (published with RosterChanged so consumers apply only newer versions).
/// </summary>
public sealed class RepRecord
{
    public required string UserId { get; set; }
    public required string DisplayName { get; set; }
    public string? TeamId { get; set; }
    public string? SupervisorUserId { get; set; }
    public string[] Territories { get; set; } = [];

    /// <summary>Product-line qualifications (RoutingPolicy maps product line → qualification).</summary>
    public string[] Qualifications { get; set; } = [];

    /// <summary>Maximum open leads (assigned, viewed, contacted) at once.</summary>
    public int Capacity { get; set; }

    /// <summary>jsonb WeeklySchedule (ShiftJson); null = always on shift.</summary>
    public string? Shift { get; set; }

    public string? BackupUserId { get; set; }
    public bool Active { get; set; } = true;
    public long Version { get; set; }

    /// <summary>When routing last gave this rep a lead: the fair tie-break's rotation state.</summary>
    public DateTimeOffset? LastAssignedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Open leads (assigned, viewed, contacted) this rep owns: kept by a database trigger, never written by EF.</summary>
    public int OpenLeadCount { get; set; }
}
