namespace SalesMesh.Activities.Data;

/// <summary>
/// One version of one stage's playbook (AC-2): the 3–5 required actions and the required fields
/// that must be satisfied before an opportunity leaves the stage. The highest version per stage
/// is in force; older versions stay for audit.
/// </summary>
public sealed class PlaybookRecord
{
    public required string StageCode { get; set; }
    public int Version { get; set; }

    /// <summary>JSON array of {"key","zh","en"}: the actions, in display order.</summary>
    public required string RequiredActions { get; set; }

    /// <summary>Field keys from the playbook field catalogue (visit-record and opportunity fields).</summary>
    public List<string> RequiredFields { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}
