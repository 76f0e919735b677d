using SalesMesh.LeadRouting.Domain.Lifecycle;

namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// One lead in the pool (LR-1). The contact columns are those of the intake that created it (its
/// origin source); every intake merged into it later is a <see cref="LeadSourceRecord"/> (LR-2).
/// Ownership and state columns follow <see cref="LeadStateMachine"/>; the history head columns
/// anchor the lead's hash chain (LR-6) so deleting its newest entries is detectable.
/// </summary>
public sealed class LeadRecord
{
    public Guid Id { get; set; }

    /// <summary>The idempotency key of the intake that created the lead (also on its origin source).</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>Kebab-case channel name (SalesMesh.Contracts.Events.LeadChannelNames) of the origin intake.</summary>
    public required string Channel { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? CapturedAt { get; set; }

    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? PhoneNormalized { get; set; }
    public string? Email { get; set; }
    public string? EmailNormalized { get; set; }
    public string? Company { get; set; }
    public string? CompanyKey { get; set; }
    public string? City { get; set; }
    public string[] ProductTags { get; set; } = [];

    /// <summary>The channel's raw record as JSON (google.protobuf.Struct in its JSON form).</summary>
    public string? Payload { get; set; }

    public Guid? ReferredBy { get; set; }

    /// <summary>Legacy (before merges were source rows): the lead this row duplicated. New leads leave it null.</summary>
    public Guid? DuplicateOf { get; set; }

    // ---- routing inputs -------------------------------------------------------------------

    /// <summary>Roster territory the lead belongs to (given at intake, or derived from the city), or null.</summary>
    public string? Territory { get; set; }

    /// <summary>The product line routing qualifies on (the first product tag), or null.</summary>
    public string? ProductLine { get; set; }

    // ---- state and ownership (LR-5) -------------------------------------------------------

    public LeadStatus Status { get; set; } = LeadStatus.Unassigned;
    public DateTimeOffset StatusChangedAt { get; set; }

    /// <summary>The rep who owns the lead now (assigned, viewed, contacted, converted), else null.</summary>
    public string? OwnerUserId { get; set; }

    /// <summary>The owner's team at assignment time (supervisors of that team see the lead in full).</summary>
    public string? OwnerTeamId { get; set; }

    /// <summary>The rep who owned the lead before it went to a pool (cooldown for re-claiming, LR-7).</summary>
    public string? PreviousOwnerUserId { get; set; }

    /// <summary>The current assignment row (with its explanation), or null.</summary>
    public Guid? CurrentAssignmentId { get; set; }

    public DateTimeOffset? FirstAssignedAt { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? ViewedAt { get; set; }
    public DateTimeOffset? FirstContactedAt { get; set; }
    public DateTimeOffset? ConvertedAt { get; set; }
    public DateTimeOffset? PooledAt { get; set; }

    /// <summary>Why the lead is in the public or cleaning pool (zh-CN / English), else null.</summary>
    public string? PoolReasonZh { get; set; }
    public string? PoolReasonEn { get; set; }

    /// <summary>How many intakes (sources) the lead holds, merged duplicates included.</summary>
    public int SourceCount { get; set; } = 1;

    // ---- history anchor (LR-6) --------------------------------------------------------------

    /// <summary>
    /// Lead sequence of the newest history entry of this lead, drafts included (0 = none yet): the
    /// lead chain's anchor, so verification notices when its newest entries are gone.
    /// </summary>
    public long HistorySequence { get; set; }

    /// <summary>PostgreSQL xmin: optimistic concurrency for every state change.</summary>
    public uint Version { get; set; }

    public bool IsOwned => Status is LeadStatus.Assigned or LeadStatus.Viewed or LeadStatus.Contacted;
}
