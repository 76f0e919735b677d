namespace SalesMesh.Activities.Data;

/// <summary>
/// One published version of a rule set (AC-4): the canonical JSON document exactly as offline
/// clients download it, and its SHA-256 (the download's ETag). Versions only move forward by one.
/// </summary>
public sealed class RuleSetRecord
{
    public required string RuleSetId { get; set; }
    public int Version { get; set; }

    /// <summary>Canonical JSON (RuleSetJson.Write): the same rule set always has the same text.</summary>
    public required string Document { get; set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Document"/> as UTF-8.</summary>
    public required string Sha256 { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
    public required string PublishedBy { get; set; }
}
