using SalesMesh.LeadRouting.Domain.Pools;
using SalesMesh.LeadRouting.Domain.Sla;

namespace SalesMesh.LeadRouting.Domain.Routing;

/// <summary>
/// Relative importance of the scored factors. The score is the weighted average of the factor
/// scores (each 0–1), so only the ratios matter; all must be ≥ 0 and at least one &gt; 0.
/// </summary>
public sealed record FactorWeights(decimal Territory, decimal Responsiveness, decimal Load);

/// <summary>
/// Territory preference. With <see cref="SameTerritoryFirst"/> a lead goes to reps of its own territory
/// whenever one is eligible, then to neighbouring territories, then to anyone; the territory
/// factor then only orders reps inside the same tier. <see cref="Neighbors"/>: territory → nearby territories.
/// </summary>
public sealed record TerritoryRule(bool SameTerritoryFirst, IReadOnlyDictionary<string, IReadOnlyList<string>> Neighbors);

/// <summary>"Fewer than 2 follow-ups in the last 30 days → weight × 0.8" (LR-3).</summary>
public sealed record FollowUpIntensityRule(int MinimumFollowUps, TimeSpan Window, decimal Multiplier);

/// <summary>Responsiveness is measured on the SLA clocks that fell due inside <see cref="Window"/>.</summary>
public sealed record ResponsivenessRule(TimeSpan Window);

/// <summary>
/// Off-shift reps are only chosen when nobody eligible is on shift and
/// <see cref="AssignOffShiftWhenNobodyOnShift"/> is set (a 3 a.m. lead still gets an owner who sees it first thing);
/// otherwise being off shift excludes a rep.
/// </summary>
public sealed record ShiftRule(bool AssignOffShiftWhenNobodyOnShift);

/// <summary>
/// The routing policy: versioned data (LR-3), edited through the API, validated by
/// <see cref="RoutingPolicyValidator"/>. <see cref="ProductLineQualifications"/> maps a product line to the
/// qualification a rep must hold (hard filter); a product line missing from the map requires a
/// qualification of the same name.
/// </summary>
public sealed record RoutingPolicy(
    string PolicyId,
    int Version,
    FactorWeights Weights,
    TerritoryRule Territory,
    IReadOnlyDictionary<string, string> ProductLineQualifications,
    FollowUpIntensityRule FollowUp,
    ResponsivenessRule Responsiveness,
    ShiftRule Shift,
    SlaPolicy Sla,
    PublicPoolPolicy PublicPool)
{
    public static RoutingPolicy Default(string policyId = "default", int version = 1) => new(
        policyId,
        version,
        new FactorWeights(Territory: 0.4m, Responsiveness: 0.3m, Load: 0.3m),
        new TerritoryRule(SameTerritoryFirst: true, new Dictionary<string, IReadOnlyList<string>>()),
        new Dictionary<string, string>(),
        new FollowUpIntensityRule(MinimumFollowUps: 2, Window: TimeSpan.FromDays(30), Multiplier: 0.8m),
        new ResponsivenessRule(TimeSpan.FromDays(30)),
        new ShiftRule(AssignOffShiftWhenNobodyOnShift: true),
        SlaPolicy.Default,
        PublicPoolPolicy.Default);

    public string RequiredQualification(string productLine) =>
        ProductLineQualifications.TryGetValue(productLine, out var q) ? q : productLine;
}
