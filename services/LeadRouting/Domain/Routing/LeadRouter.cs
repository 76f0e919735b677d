using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Routing;

/// <summary>
/// LR-3 routing of one lead. Pure and deterministic: the same policy, request and clock give the same
/// decision. Order of precedence:
/// <list type="number">
/// <item>Hard filters exclude a rep: inactive, missing the product-line qualification, at capacity,
/// excluded by the caller (SLA breached on this lead, follow-up rights revoked, released it), and off
/// shift when the policy does not allow off-shift fallback.</item>
/// <item>Tiers: on shift before off shift; then (SameTerritoryFirst) own territory, neighbouring, other.</item>
/// <item>Score = weighted average of territory, responsiveness and load scores × follow-up multiplier.</item>
/// <item>Fair tie-break on equal score: least recently assigned first (never assigned first), then a
/// stable SHA-256 of (lead id, rep id), then rep id.</item>
/// </list>
/// Nobody eligible → <see cref="RoutingOutcome.ToPublicPool"/> with the reasons; never an exception.
/// </summary>
public sealed class LeadRouter(TimeProvider timeProvider)
{
    public RoutingDecision Route(RoutingPolicy policy, RoutingRequest request) =>
        Route(policy, request, timeProvider.GetUtcNow());

    public static RoutingDecision Route(RoutingPolicy policy, RoutingRequest request, DateTimeOffset now)
    {
        var exclusions = request.Exclusions ?? [];
        var evaluations = request.Candidates
            .Select(c => Evaluate(policy, request.Lead, c, exclusions, now))
            .ToList();

        var ranked = evaluations
            .Where(e => e.IsEligible)
            .OrderBy(e => e.OnShift ? 0 : 1)
            .ThenBy(e => e.TerritoryTier)
            .ThenByDescending(e => e.Score)
            .ThenBy(e => e.LastAssignedAt ?? DateTimeOffset.MinValue)
            .ThenBy(e => e.TieBreakKey, StringComparer.Ordinal)
            .ThenBy(e => e.RepId, StringComparer.Ordinal)
            .Select((e, i) => e with { Rank = i + 1 })
            .ToList();

        var ordered = ranked
            .Concat(evaluations.Where(e => !e.IsEligible).OrderBy(e => e.RepId, StringComparer.Ordinal))
            .ToList();

        if (ranked.Count == 0)
        {
            return new RoutingDecision(request.Lead.LeadId, RoutingOutcome.ToPublicPool, null, policy.PolicyId, policy.Version,
                now, ordered, RoutingExplainer.PublicPoolReason(ordered));
        }

        var provisional = new RoutingDecision(request.Lead.LeadId, RoutingOutcome.Assigned, ranked[0].RepId, policy.PolicyId,
            policy.Version, now, ordered, new LocalizedText("", ""));
        return provisional with { Summary = RoutingExplainer.Explain(provisional, ranked[0].RepId) };
    }

    private static int TerritoryTier(RoutingPolicy policy, TerritoryMatch match) =>
        !policy.Territory.SameTerritoryFirst ? 0 : match switch
        {
            TerritoryMatch.SameTerritory or TerritoryMatch.NotApplicable => 0,
            TerritoryMatch.NeighboringTerritory => 1,
            _ => 2,
        };

    /// <summary>Evaluates one rep for one lead (also used to check whether a backup may take over).</summary>
    public static CandidateEvaluation Evaluate(
        RoutingPolicy policy, LeadToRoute lead, RoutingCandidate candidate, IReadOnlyList<CallerExclusion> callerExclusions, DateTimeOffset now)
    {
        var rep = candidate.Rep;
        var load = candidate.Workload;
        var excluded = new List<CandidateExclusion>();

        if (!rep.IsActive)
            excluded.Add(new(ExclusionCode.Inactive, new("不在职或已停用", "Inactive or disabled")));
        if (lead.ProductLine is { } productLine)
        {
            var qualification = policy.RequiredQualification(productLine);
            if (!rep.Qualifications.Contains(qualification))
                excluded.Add(new(ExclusionCode.MissingQualification,
                    new($"缺少产品线“{productLine}”所需资质“{qualification}”", $"Lacks the qualification '{qualification}' required for product line '{productLine}'")));
        }
        if (rep.Capacity <= 0 || load.OpenLeadCount >= rep.Capacity)
            excluded.Add(new(ExclusionCode.AtCapacity,
                new($"已满负荷（在手 {load.OpenLeadCount}/{rep.Capacity}）", $"At capacity ({load.OpenLeadCount}/{rep.Capacity} open leads)")));

        var onShift = rep.Shift is null || rep.Shift.IsOpenAt(now);
        if (!onShift && !policy.Shift.AssignOffShiftWhenNobodyOnShift)
            excluded.Add(new(ExclusionCode.OffShift, new("当前不在班", "Off shift now")));

        foreach (var exclusion in callerExclusions.Where(x => x.RepId == rep.RepId).DistinctBy(x => x.Reason))
            excluded.Add(CallerExclusionText(exclusion.Reason));

        var territoryMatch = MatchTerritory(policy, lead, rep);
        var factors = new List<FactorScore>
        {
            TerritoryFactor(policy, lead, territoryMatch),
            ResponsivenessFactor(policy, load, now),
            LoadFactor(policy, rep, load),
        };

        var followUps = load.FollowUpsInWindow;
        var multiplier = followUps < policy.FollowUp.MinimumFollowUps ? policy.FollowUp.Multiplier : 1m;
        var weightSum = factors.Sum(f => f.Weight);
        var weighted = weightSum == 0 ? 0 : factors.Sum(f => f.Weight * f.Score) / weightSum;
        var score = Math.Round(weighted * multiplier, 4, MidpointRounding.ToEven);

        return new CandidateEvaluation(rep.RepId, rep.DisplayName, excluded, onShift, territoryMatch,
            TerritoryTier(policy, territoryMatch), factors,
            followUps, multiplier, score, load.LastAssignedAt, TieBreakKey(lead.LeadId, rep.RepId));
    }

    private static CandidateExclusion CallerExclusionText(CallerExclusionReason reason) => reason switch
    {
        CallerExclusionReason.SlaBreachedOnThisLead => new(ExclusionCode.SlaBreachedOnThisLead,
            new("在此线索上超时未响应（SLA 违约），不再分配给其本人", "Breached the SLA on this lead, so it is not given back to them")),
        CallerExclusionReason.FollowUpRightsRevoked => new(ExclusionCode.FollowUpRightsRevoked,
            new("对该客户的跟进权已被熔断收回", "Follow-up rights for this customer were revoked by the circuit breaker")),
        _ => new(ExclusionCode.ReleasedThisLead, new("本人已释放此线索", "Released this lead themselves")),
    };

    private static TerritoryMatch MatchTerritory(RoutingPolicy policy, LeadToRoute lead, RepProfile rep)
    {
        if (string.IsNullOrEmpty(lead.Territory))
            return TerritoryMatch.NotApplicable;
        if (rep.Territories.Contains(lead.Territory))
            return TerritoryMatch.SameTerritory;
        return policy.Territory.Neighbors.TryGetValue(lead.Territory, out var neighbors) && neighbors.Any(rep.Territories.Contains)
            ? TerritoryMatch.NeighboringTerritory
            : TerritoryMatch.OtherTerritory;
    }

    private static FactorScore TerritoryFactor(RoutingPolicy policy, LeadToRoute lead, TerritoryMatch match) => match switch
    {
        TerritoryMatch.SameTerritory => new(RoutingFactor.Territory, 1m, policy.Weights.Territory,
            new($"同地域（{lead.Territory}）", $"Same territory ({lead.Territory})")),
        TerritoryMatch.NeighboringTerritory => new(RoutingFactor.Territory, 0.5m, policy.Weights.Territory,
            new($"相邻地域（线索在{lead.Territory}）", $"Neighbouring territory (lead is in {lead.Territory})")),
        TerritoryMatch.OtherTerritory => new(RoutingFactor.Territory, 0m, policy.Weights.Territory,
            new($"非线索地域（线索在{lead.Territory}）", $"Not the lead's territory (lead is in {lead.Territory})")),
        _ => new(RoutingFactor.Territory, 0m, policy.Weights.Territory, new("线索无地域信息", "The lead has no territory")),
    };

    // (met + 1) / (total + 2): a rep with no history scores 0.5 rather than a perfect or a zero score,
    // and one missed clock does not sink a rep with a long good record.
    private static FactorScore ResponsivenessFactor(RoutingPolicy policy, RepWorkload load, DateTimeOffset now)
    {
        var days = (int)policy.Responsiveness.Window.TotalDays;
        var (due, met) = load.Sla;
        var score = Math.Round((met + 1m) / (due + 2m), 4, MidpointRounding.ToEven);
        return new(RoutingFactor.Responsiveness, score, policy.Weights.Responsiveness,
            new($"近 {days} 天 SLA 按时 {met}/{due}", $"SLA met {met} of {due} in the last {days} days"));
    }

    private static FactorScore LoadFactor(RoutingPolicy policy, RepProfile rep, RepWorkload load)
    {
        var score = rep.Capacity <= 0 ? 0m : Math.Max(0m, Math.Round(1m - (decimal)load.OpenLeadCount / rep.Capacity, 4, MidpointRounding.ToEven));
        return new(RoutingFactor.Load, score, policy.Weights.Load,
            new($"在手线索 {load.OpenLeadCount}/{rep.Capacity}", $"{load.OpenLeadCount}/{rep.Capacity} open leads"));
    }

    // Stable across processes and runtimes, unlike string.GetHashCode.
    private static string TieBreakKey(string leadId, string repId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(leadId + "\n" + repId)))[..16];

    internal static string Format(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
