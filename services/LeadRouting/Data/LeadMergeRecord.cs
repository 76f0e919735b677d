namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// A duplicate intake merged into an existing lead (LR-2): which keys matched, and — once a
/// supervisor undid it — who, why and which new lead the source became.
/// </summary>
public sealed class LeadMergeRecord
{
    public Guid Id { get; set; }

    /// <summary>The surviving lead the source was merged into.</summary>
    public Guid LeadId { get; set; }

    public Guid SourceId { get; set; }

    /// <summary>Kinds of the shared keys, e.g. ["phone", "company"] (never the values: they are personal data).</summary>
    public string[] MatchedOn { get; set; } = [];

    /// <summary>"same-person" (phone or e-mail shared) or "same-company".</summary>
    public required string Strength { get; set; }

    public DateTimeOffset MergedAt { get; set; }

    public DateTimeOffset? UndoneAt { get; set; }
    public string? UndoneBy { get; set; }
    public string? UndoReason { get; set; }

    /// <summary>The lead the source became when the merge was undone.</summary>
    public Guid? SplitLeadId { get; set; }
}
