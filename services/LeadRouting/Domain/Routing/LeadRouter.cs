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
        var facts = new EvaluationFacts(lead.Territory, lead.ProductLine,
            lead.ProductLine is { } line ? policy.RequiredQualification(line) : null, (int)policy.Responsiveness.Window.TotalDays,
            load.OpenLeadCount, rep.Capacity, load.Sla.Met, load.Sla.Due);
        var excluded = new List<CandidateExclusion>();

        if (!rep.IsActive)
            excluded.Add(Exclusion(ExclusionCode.Inactive, facts));
        if (facts.Qualification is { } qualification && !rep.Qualifications.Contains(qualification))
            excluded.Add(Exclusion(ExclusionCode.MissingQualification, facts));
        if (rep.Capacity <= 0 || load.OpenLeadCount >= rep.Capacity)
            excluded.Add(Exclusion(ExclusionCode.AtCapacity, facts));

        var onShift = rep.Shift is null || rep.Shift.IsOpenAt(now);
        if (!onShift && !policy.Shift.AssignOffShiftWhenNobodyOnShift)
            excluded.Add(Exclusion(ExclusionCode.OffShift, facts));

        foreach (var exclusion in callerExclusions.Where(x => x.RepId == rep.RepId).DistinctBy(x => x.Reason))
            excluded.Add(Exclusion(CallerExclusionCode(exclusion.Reason), facts));

        var territoryMatch = MatchTerritory(policy, lead, rep);
        var factors = new List<FactorScore>
        {
            Factor(RoutingFactor.Territory, TerritoryScore(territoryMatch), policy.Weights.Territory, territoryMatch, facts),
            Factor(RoutingFactor.Responsiveness, ResponsivenessScore(load), policy.Weights.Responsiveness, territoryMatch, facts),
            Factor(RoutingFactor.Load, LoadScore(rep, load), policy.Weights.Load, territoryMatch, facts),
        };

        var followUps = load.FollowUpsInWindow;
        var multiplier = followUps < policy.FollowUp.MinimumFollowUps ? policy.FollowUp.Multiplier : 1m;
        var weightSum = factors.Sum(f => f.Weight);
        var weighted = weightSum == 0 ? 0 : factors.Sum(f => f.Weight * f.Score) / weightSum;
        var score = Math.Round(weighted * multiplier, 4, MidpointRounding.ToEven);

        return new CandidateEvaluation(rep.RepId, rep.DisplayName, excluded, onShift, territoryMatch,
            TerritoryTier(policy, territoryMatch), factors,
            followUps, multiplier, score, load.LastAssignedAt, TieBreakKey(lead.LeadId, rep.RepId)) { Facts = facts };
    }

    private static CandidateExclusion Exclusion(ExclusionCode code, EvaluationFacts facts) => new(code, RoutingTexts.Exclusion(code, facts));

    private static FactorScore Factor(RoutingFactor factor, decimal score, decimal weight, TerritoryMatch match, EvaluationFacts facts) =>
        new(factor, score, weight, RoutingTexts.Detail(factor, match, facts));

    private static ExclusionCode CallerExclusionCode(CallerExclusionReason reason) => reason switch
    {
        CallerExclusionReason.SlaBreachedOnThisLead => ExclusionCode.SlaBreachedOnThisLead,
        CallerExclusionReason.FollowUpRightsRevoked => ExclusionCode.FollowUpRightsRevoked,
        _ => ExclusionCode.ReleasedThisLead,
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

    private static decimal TerritoryScore(TerritoryMatch match) => match switch
    {
        TerritoryMatch.SameTerritory => 1m,
        TerritoryMatch.NeighboringTerritory => 0.5m,
        _ => 0m,
    };

    // (met + 1) / (total + 2): a rep with no history scores 0.5 rather than a perfect or a zero score,
    // and one missed clock does not sink a rep with a long good record.
    private static decimal ResponsivenessScore(RepWorkload load) =>
        Math.Round((load.Sla.Met + 1m) / (load.Sla.Due + 2m), 4, MidpointRounding.ToEven);

    private static decimal LoadScore(RepProfile rep, RepWorkload load) =>
        rep.Capacity <= 0 ? 0m : Math.Max(0m, Math.Round(1m - (decimal)load.OpenLeadCount / rep.Capacity, 4, MidpointRounding.ToEven));

    // Stable across processes and runtimes, unlike string.GetHashCode.
    private static string TieBreakKey(string leadId, string repId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(leadId + "\n" + repId)))[..16];

    internal static string Format(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
