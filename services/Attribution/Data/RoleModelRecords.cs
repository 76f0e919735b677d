namespace SalesMesh.Attribution.Data;

/// <summary>One version of the role model (AT-1); deals are credited with the version in force at the time.</summary>
public sealed class RoleModelVersionRecord
{
    public int Version { get; set; }
    public DateTimeOffset EffectiveFrom { get; set; }
    public List<RoleWeightRecord> Weights { get; set; } = [];
}

/// <summary>A role's share in one version, in basis points (the version's weights sum to 10,000).</summary>
public sealed class RoleWeightRecord
{
    public int Version { get; set; }

    /// <summary>The salesmesh.attribution.v1.ContributionRole number.</summary>
    public int Role { get; set; }

    public required string NameZhCn { get; set; }
    public required string NameEn { get; set; }
    public int WeightBasisPoints { get; set; }
}
