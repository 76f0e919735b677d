using System.Text.Json;
using System.Text.Json.Serialization;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Routing;

namespace SalesMesh.LeadRouting.Application.Routing;

/// <summary>
/// The stored form of a RoutingDecision (lead_assignments.explanation, jsonb).
/// <para>
/// Format 2 (written since 2026-12): numbers and codes only — each candidate's exclusion codes,
/// factor scores and the counts its sentences are made of (<see cref="EvaluationFacts"/>), the
/// lead's territory / product line / qualification, the window and the policy weights once per
/// decision. The sentences are rendered by <see cref="RoutingTexts"/> when the row is read, exactly
/// as routing rendered them, and the summary comes from the row's summary columns. 50 candidates
/// take about 19 KB of jsonb text instead of 46 KB: every intake writes one, so its bytes were most
/// of what an intake stored, and its serialization a visible share of the intake's CPU.
/// </para>
/// <para>
/// Format 1 (rows stored before): the whole decision with every sentence (<see cref="DomainJson"/>),
/// still read as it is. It is also written for a decision whose texts were not all rendered from
/// facts (none today), so nothing a user sees can ever change by storing it.
/// </para>
/// </summary>
public static class StoredDecision
{
    public const int CompactFormat = 2;

    private static readonly JsonSerializerOptions Options = Create();

    public static string Serialize(RoutingDecision decision) =>
        Compact(decision) is { } compact ? JsonSerializer.Serialize(compact, Options) : DomainJson.Serialize(decision);

    /// <param name="summary">The row's summary columns (format 2 does not repeat them).</param>
    public static RoutingDecision Deserialize(string json, LocalizedText summary)
    {
        using var document = JsonDocument.Parse(json);
        // jsonb reorders keys, so the format is looked up, never expected first.
        if (!document.RootElement.TryGetProperty("format", out var format) || format.GetInt32() != CompactFormat)
            return DomainJson.DeserializeDecision(json);
        var stored = document.RootElement.Deserialize<Decision>(Options) ?? throw new JsonException("Empty routing decision.");
        return Expand(stored, summary);
    }

    private sealed record Decision(int Format, string LeadId, RoutingOutcome Outcome, string? AssignedRepId, string PolicyId, int PolicyVersion,
        DateTimeOffset DecidedAt, string? Territory, string? ProductLine, string? Qualification, int WindowDays, decimal[] Weights, Candidate[] Candidates);

    /// <summary>One candidate; <see cref="Scores"/> in factor order territory, responsiveness, load.</summary>
    private sealed record Candidate(string RepId, string DisplayName, int? Rank, ExclusionCode[]? Excluded, bool OnShift, TerritoryMatch Territory,
        int Tier, decimal[] Scores, int FollowUps, decimal Multiplier, decimal Score, DateTimeOffset? LastAssignedAt, string TieBreakKey,
        int OpenLeads, int Capacity, int SlaMet, int SlaDue);

    private static readonly RoutingFactor[] FactorOrder = [RoutingFactor.Territory, RoutingFactor.Responsiveness, RoutingFactor.Load];

    /// <summary>Null when a candidate's texts were not rendered from facts of this decision's lead and policy (then the whole decision is stored).</summary>
    private static Decision? Compact(RoutingDecision d)
    {
        var first = d.Candidates.FirstOrDefault()?.Facts;
        var weights = d.Candidates.FirstOrDefault()?.Factors.Select(f => f.Weight).ToArray() ?? [0m, 0m, 0m];
        var candidates = new Candidate[d.Candidates.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            var c = d.Candidates[i];
            if (c.Facts is not { } f || !SameContext(f, first!)
                || !c.Factors.Select(x => x.Factor).SequenceEqual(FactorOrder) || !c.Factors.Select(x => x.Weight).SequenceEqual(weights))
                return null;
            candidates[i] = new Candidate(c.RepId, c.DisplayName, c.Rank, c.Exclusions.Count == 0 ? null : [.. c.Exclusions.Select(x => x.Code)],
                c.OnShift, c.TerritoryMatch, c.TerritoryTier, [.. c.Factors.Select(x => x.Score)], c.FollowUpsInWindow, c.FollowUpMultiplier,
                c.Score, c.LastAssignedAt, c.TieBreakKey, f.OpenLeads, f.Capacity, f.SlaMet, f.SlaDue);
        }
        return new Decision(CompactFormat, d.LeadId, d.Outcome, d.AssignedRepId, d.PolicyId, d.PolicyVersion, d.DecidedAt,
            first?.LeadTerritory, first?.ProductLine, first?.Qualification, first?.WindowDays ?? 0, weights, candidates);
    }

    private static bool SameContext(EvaluationFacts a, EvaluationFacts b) =>
        a.LeadTerritory == b.LeadTerritory && a.ProductLine == b.ProductLine && a.Qualification == b.Qualification && a.WindowDays == b.WindowDays;

    private static RoutingDecision Expand(Decision d, LocalizedText summary) =>
        new(d.LeadId, d.Outcome, d.AssignedRepId, d.PolicyId, d.PolicyVersion, d.DecidedAt, [.. d.Candidates.Select(c => Expand(d, c))], summary);

    private static CandidateEvaluation Expand(Decision d, Candidate c)
    {
        var facts = new EvaluationFacts(d.Territory, d.ProductLine, d.Qualification, d.WindowDays, c.OpenLeads, c.Capacity, c.SlaMet, c.SlaDue);
        return new CandidateEvaluation(c.RepId, c.DisplayName,
            [.. (c.Excluded ?? []).Select(code => new CandidateExclusion(code, RoutingTexts.Exclusion(code, facts)))],
            c.OnShift, c.Territory, c.Tier,
            [.. FactorOrder.Select((factor, i) => new FactorScore(factor, c.Scores[i], d.Weights[i], RoutingTexts.Detail(factor, c.Territory, facts)))],
            c.FollowUps, c.Multiplier, c.Score, c.LastAssignedAt, c.TieBreakKey) { Rank = c.Rank, Facts = facts };
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // jsonb stores characters, not escapes: keep names in Chinese readable and short in the text sent.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
