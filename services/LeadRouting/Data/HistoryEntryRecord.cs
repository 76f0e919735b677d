namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// One row of the tamper-evident history (LR-6), the stored form of the domain HistoryEntry. The
/// table refuses UPDATE, DELETE and TRUNCATE (trigger), so rows are written once, by
/// HistorySealer, and never changed through the service.
/// </summary>
public sealed class HistoryEntryRecord
{
    /// <summary>Position in the global log, 1, 2, 3, … without gaps.</summary>
    public long Sequence { get; set; }

    public Guid EntryId { get; set; }
    public Guid LeadId { get; set; }

    /// <summary>Position in the lead's own chain, 1, 2, 3, …</summary>
    public long LeadSequence { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
    public required string Kind { get; set; }
    public required string ActorId { get; set; }

    /// <summary>jsonb object of string → string (the hashed data items).</summary>
    public required string Data { get; set; }

    public required string PreviousHash { get; set; }
    public required string LeadPreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>
/// A history entry written by a state change and not yet chained (LR-6): its lead sequence is fixed
/// (the lead's row lock orders them), its global sequence and both hashes are added when
/// HistorySealer moves it into <see cref="HistoryEntryRecord"/>.
/// </summary>
public sealed class HistoryDraftRecord
{
    /// <summary>Database identity: the order in which drafts are sealed.</summary>
    public long Id { get; set; }

    public Guid EntryId { get; set; }
    public Guid LeadId { get; set; }
    public long LeadSequence { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string Kind { get; set; }
    public required string ActorId { get; set; }

    /// <summary>jsonb object of string → string (hashed as given when sealed).</summary>
    public required string Data { get; set; }
}

/// <summary>
/// The anchor of the global chain: sequence and hash of the newest entry (single row, id 1).
/// The sealer locks it (SELECT … FOR UPDATE) so two seals never link to the same predecessor,
/// and verification compares it with the newest row, so deleting the newest entries is detected.
/// A trigger refuses moving it backwards.
/// </summary>
public sealed class HistoryHeadRecord
{
    public int Id { get; set; }
    public long Sequence { get; set; }
    public required string Hash { get; set; }
}
