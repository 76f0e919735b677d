using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Routing;

/// <summary>
/// The roster side of the rule <see cref="RoutingPolicyValidator"/> enforces for policies: every
/// product line the current policy lists must keep at least one active rep holding its required
/// qualification, or every lead of that line would silently go to the public pool. A roster change
/// (a rep dropping a qualification, or leaving) is refused when it would take away the LAST such rep;
/// a line that was already uncovered does not block unrelated changes.
/// </summary>
public static class RosterCoverage
{
    /// <summary>
    /// Violations (one per product line, at <paramref name="fieldPath"/>) when replacing the roster entry
    /// of <paramref name="changed"/>'s rep by <paramref name="changed"/> would leave a listed product
    /// line without an active qualified rep. <paramref name="roster"/> is the roster as stored now.
    /// </summary>
    public static IReadOnlyList<FieldViolation> CheckChange(RoutingPolicy policy, IReadOnlyCollection<RepProfile> roster, RepProfile changed, string fieldPath)
    {
        var after = roster.Where(r => r.RepId != changed.RepId).Append(changed).ToList();
        var violations = new List<FieldViolation>();
        foreach (var (productLine, qualification) in policy.ProductLineQualifications.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!IsCovered(roster, qualification) || IsCovered(after, qualification))
                continue;
            violations.Add(new FieldViolation(fieldPath, "LAST_QUALIFIED_REP", new LocalizedText(
                $"{changed.DisplayName} 是唯一具备“{qualification}”资质的在职销售，产品线“{productLine}”的线索将全部进入公海；请先让其他销售具备该资质，或修改路由策略",
                $"{changed.DisplayName} is the only active rep holding the qualification '{qualification}', so every '{productLine}' lead would go to the public pool; qualify another rep first or change the routing policy")));
        }
        return violations;
    }

    private static bool IsCovered(IEnumerable<RepProfile> roster, string qualification) =>
        roster.Any(r => r.IsActive && r.Qualifications.Contains(qualification));
}
