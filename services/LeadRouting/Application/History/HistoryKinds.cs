namespace SalesMesh.LeadRouting.Application.History;

/// <summary>
/// The kinds of history entries LR-CORE writes. Other features add their own kebab-case kinds
/// (they are plain strings in the chain); keep them stable: they are part of the hashed content.
/// </summary>
public static class HistoryKinds
{
    public const string Received = "lead-received";
    public const string Merged = "lead-merged";
    public const string MergeUndone = "lead-merge-undone";
    public const string SplitFromMerge = "lead-split-from-merge";
    public const string Assigned = "lead-assigned";
    public const string Pooled = "lead-pooled";
    public const string Viewed = "lead-viewed";
    public const string Contacted = "lead-contacted";
    public const string Released = "lead-released";
    public const string Converted = "lead-converted";
}

/// <summary>Actor id for automatic decisions (routing at intake, timers).</summary>
public static class HistoryActors
{
    public const string System = "system";
}
