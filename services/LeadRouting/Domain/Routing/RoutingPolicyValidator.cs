using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Routing;

/// <summary>
/// Checks a routing policy before it is stored as a new version. Returns every violation at once
/// (field path + zh/en message) so an admin can fix them in one pass; an empty list means valid.
/// Needs the roster and the territory list because a policy can be syntactically fine and still
/// break routing: an unknown territory, or a product line that no active rep is qualified for
/// (every such lead would silently go to the public pool).
/// </summary>
public static class RoutingPolicyValidator
{
    public static IReadOnlyList<FieldViolation> Validate(RoutingPolicy policy, IReadOnlyCollection<RepProfile> roster, IReadOnlySet<string> knownTerritories)
    {
        var v = new List<FieldViolation>();

        if (string.IsNullOrWhiteSpace(policy.PolicyId))
            v.Add(Violation("policyId", "REQUIRED", "策略编号不能为空", "The policy id is required"));
        if (policy.Version < 1)
            v.Add(Violation("version", "OUT_OF_RANGE", "版本号必须从 1 开始", "The version must be 1 or higher"));

        ValidateWeights(policy.Weights, v);
        ValidateTerritories(policy.Territory, knownTerritories, v);
        ValidateProductLines(policy, roster, v);
        ValidateFollowUp(policy.FollowUp, v);

        if (policy.Responsiveness.Window <= TimeSpan.Zero)
            v.Add(Violation("responsiveness.window", "OUT_OF_RANGE", "响应统计窗口必须大于 0", "The responsiveness window must be positive"));

        if (policy.Sla.ViewWithin <= TimeSpan.Zero)
            v.Add(Violation("sla.viewWithin", "OUT_OF_RANGE", "查看时限必须大于 0", "The view deadline must be positive"));
        if (policy.Sla.FirstCallWithin <= TimeSpan.Zero)
            v.Add(Violation("sla.firstCallWithin", "OUT_OF_RANGE", "首次通话时限必须大于 0", "The first-call deadline must be positive"));
        if (policy.Sla.BusinessHours is { } hours)
            v.AddRange(hours.Validate("sla.businessHours"));

        var pool = policy.PublicPool;
        if (pool.RecycleIfNotContactedWithin <= TimeSpan.Zero)
            v.Add(Violation("publicPool.recycleIfNotContactedWithin", "OUT_OF_RANGE", "回收时限必须大于 0", "The recycle deadline must be positive"));
        if (pool.MaxClaimsPerDay < 1)
            v.Add(Violation("publicPool.maxClaimsPerDay", "OUT_OF_RANGE", "每日认领上限至少为 1", "The daily claim limit must be at least 1"));
        if (pool.MaxOpenLeadsPerRep < 1)
            v.Add(Violation("publicPool.maxOpenLeadsPerRep", "OUT_OF_RANGE", "在手线索上限至少为 1", "The open-lead limit must be at least 1"));
        if (pool.PreviousOwnerCooldown < TimeSpan.Zero)
            v.Add(Violation("publicPool.previousOwnerCooldown", "OUT_OF_RANGE", "冷却期不能为负数", "The cooldown cannot be negative"));
        if (pool.MinValidCallDuration < TimeSpan.Zero)
            v.Add(Violation("publicPool.minValidCallDuration", "OUT_OF_RANGE", "有效通话时长不能为负数", "The minimum valid call duration cannot be negative"));
        if (pool.MaxEvidenceRecordingDelay < TimeSpan.Zero)
            v.Add(Violation("publicPool.maxEvidenceRecordingDelay", "OUT_OF_RANGE", "补录时限不能为负数", "The evidence recording delay cannot be negative"));

        return v;
    }

    private static void ValidateWeights(FactorWeights w, List<FieldViolation> v)
    {
        foreach (var (name, value) in (ReadOnlySpan<(string, decimal)>)[("territory", w.Territory), ("responsiveness", w.Responsiveness), ("load", w.Load)])
        {
            if (value < 0)
                v.Add(Violation($"weights.{name}", "NEGATIVE_WEIGHT",
                    $"权重不能为负数（当前为 {LeadRouter.Format(value)}）", $"A weight cannot be negative (got {LeadRouter.Format(value)})"));
        }
        if (w.Territory >= 0 && w.Responsiveness >= 0 && w.Load >= 0 && w.Territory + w.Responsiveness + w.Load == 0)
            v.Add(Violation("weights", "ALL_WEIGHTS_ZERO", "至少一个权重必须大于 0", "At least one weight must be positive"));
    }

    private static void ValidateTerritories(TerritoryRule rule, IReadOnlySet<string> known, List<FieldViolation> v)
    {
        foreach (var (territory, neighbors) in rule.Neighbors.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!known.Contains(territory))
                v.Add(UnknownTerritory($"territory.neighbors[{territory}]", territory));
            for (var i = 0; i < neighbors.Count; i++)
            {
                if (!known.Contains(neighbors[i]))
                    v.Add(UnknownTerritory($"territory.neighbors[{territory}][{i}]", neighbors[i]));
                else if (neighbors[i] == territory)
                    v.Add(Violation($"territory.neighbors[{territory}][{i}]", "SELF_NEIGHBOR",
                        "地域不能是自己的相邻地域", "A territory cannot be its own neighbour"));
            }
        }
    }

    private static void ValidateProductLines(RoutingPolicy policy, IReadOnlyCollection<RepProfile> roster, List<FieldViolation> v)
    {
        foreach (var (productLine, qualification) in policy.ProductLineQualifications.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var path = $"productLines[{productLine}].requiredQualification";
            if (string.IsNullOrWhiteSpace(productLine))
                v.Add(Violation("productLines", "EMPTY_PRODUCT_LINE", "产品线名称不能为空", "A product line name cannot be empty"));
            else if (string.IsNullOrWhiteSpace(qualification))
                v.Add(Violation(path, "REQUIRED", "必须指定该产品线所需资质", "The required qualification must be set"));
            else if (!roster.Any(r => r.IsActive && r.Qualifications.Contains(qualification)))
                v.Add(Violation(path, "NO_QUALIFIED_REP",
                    $"没有任何在职销售具备“{qualification}”资质，产品线“{productLine}”的线索将全部进入公海",
                    $"No active rep holds the qualification '{qualification}', so every '{productLine}' lead would go to the public pool"));
        }
    }

    private static void ValidateFollowUp(FollowUpIntensityRule rule, List<FieldViolation> v)
    {
        if (rule.MinimumFollowUps < 0)
            v.Add(Violation("followUp.minimumFollowUps", "OUT_OF_RANGE", "最少跟进次数不能为负数", "The minimum follow-up count cannot be negative"));
        if (rule.Window <= TimeSpan.Zero)
            v.Add(Violation("followUp.window", "OUT_OF_RANGE", "跟进统计窗口必须大于 0", "The follow-up window must be positive"));
        if (rule.Multiplier <= 0 || rule.Multiplier > 1)
            v.Add(Violation("followUp.multiplier", "OUT_OF_RANGE",
                $"跟进不足系数必须在 0 到 1 之间（当前为 {LeadRouter.Format(rule.Multiplier)}）",
                $"The follow-up multiplier must be greater than 0 and at most 1 (got {LeadRouter.Format(rule.Multiplier)})"));
    }

    private static FieldViolation UnknownTerritory(string path, string territory) =>
        Violation(path, "UNKNOWN_TERRITORY", $"未知地域“{territory}”", $"Unknown territory '{territory}'");

    private static FieldViolation Violation(string path, string code, string zh, string en) => new(path, code, new LocalizedText(zh, en));
}
