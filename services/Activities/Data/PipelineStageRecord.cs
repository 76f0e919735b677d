namespace SalesMesh.Activities.Data;

/// <summary>One stage of one pipeline configuration version (AC-1: the stage list is data, not code).</summary>
public sealed class PipelineStageRecord
{
    public int Version { get; set; }

    /// <summary>Stable machine code (the same keys the stage gates use, e.g. "needsDiagnosis").</summary>
    public required string Code { get; set; }

    public int Position { get; set; }
    public required string NameZhCn { get; set; }
    public required string NameEn { get; set; }

    /// <summary>"open", "won" or "lost".</summary>
    public required string Outcome { get; set; }

    public int RequiredActionCount { get; set; }
}
