namespace SalesMesh.Insights.Data;

/// <summary>Read model: how many leads a channel delivered on one UTC day.</summary>
public sealed class LeadIntakeDaily
{
    public DateOnly DayUtc { get; set; }

    /// <summary>The salesmesh.common.v1.LeadChannel number.</summary>
    public int Channel { get; set; }

    public long LeadCount { get; set; }

    /// <summary>Newest receive time counted into this row: the read model's freshness (as_of).</summary>
    public DateTimeOffset LastReceivedAt { get; set; }
}
