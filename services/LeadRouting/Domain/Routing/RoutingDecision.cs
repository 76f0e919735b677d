using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Routing;

public enum RoutingFactor
{
    Territory,
    Responsiveness,
    Load,
}

/// <summary>One factor of one candidate: score 0–1, the policy weight, and what the score is made of.</summary>
public sealed record FactorScore(RoutingFactor Factor, decimal Score, decimal Weight, LocalizedText Detail);

public enum ExclusionCode
{
    Inactive,
    MissingQualification,
    AtCapacity,
    OffShift,
    SlaBreachedOnThisLead,
    FollowUpRightsRevoked,
    ReleasedThisLead,
}

public sealed record CandidateExclusion(ExclusionCode Code, LocalizedText Message);

public enum TerritoryMatch
{
    SameTerritory,
    NeighboringTerritory,
    OtherTerritory,
    /// <summary>The lead has no territory; nobody is preferred.</summary>
    NotApplicable,
}

/// <summary>
/// Everything the router concluded about one rep: exclusions (hard filters), shift and territory
/// tier (0 = preferred; always 0 when the policy does not put the own territory first), factor scores, the follow-up multiplier and the final score. Stored with the assignment so
/// "why did B get it and not A" can be answered later with the data of that moment.
/// </summary>
public sealed record CandidateEvaluation(
    string RepId,
    string DisplayName,
    IReadOnlyList<CandidateExclusion> Exclusions,
    bool OnShift,
    TerritoryMatch TerritoryMatch,
    int TerritoryTier,
    IReadOnlyList<FactorScore> Factors,
    int FollowUpsInWindow,
    decimal FollowUpMultiplier,
    decimal Score,
    DateTimeOffset? LastAssignedAt,
    string TieBreakKey)
{
    public bool IsEligible => Exclusions.Count == 0;

    /// <summary>1 = chosen; null when excluded.</summary>
    public int? Rank { get; init; }

    /// <summary>
    /// What the exclusion messages and factor details were rendered from (<see cref="RoutingTexts"/>):
    /// set by <see cref="LeadRouter.Evaluate"/> together with those texts, so a stored decision keeps
    /// only these numbers. A copy that replaces a text must clear it. Null for evaluations read from
    /// the old stored format.
    /// </summary>
    public EvaluationFacts? Facts { get; init; }

    public FactorScore Factor(RoutingFactor factor) => Factors.Single(f => f.Factor == factor);
}

public enum RoutingOutcome
{
    Assigned,
    /// <summary>Nobody eligible: the lead goes to the public pool (公海) with <see cref="RoutingDecision.Summary"/> as the reason.</summary>
    ToPublicPool,
}

public sealed record RoutingDecision(
    string LeadId,
    RoutingOutcome Outcome,
    string? AssignedRepId,
    string PolicyId,
    int PolicyVersion,
    DateTimeOffset DecidedAt,
    IReadOnlyList<CandidateEvaluation> Candidates,
    LocalizedText Summary)
{
    public CandidateEvaluation? Candidate(string repId) => Candidates.FirstOrDefault(c => c.RepId == repId);

    /// <summary>Why <paramref name="repId"/> did — or did not — get this lead, in zh-CN and English.</summary>
    public LocalizedText Explain(string repId) => RoutingExplainer.Explain(this, repId);
}
