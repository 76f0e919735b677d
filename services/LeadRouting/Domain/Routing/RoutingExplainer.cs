using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Routing;

/// <summary>Turns a stored <see cref="RoutingDecision"/> into sentences a rep or supervisor understands.</summary>
public static class RoutingExplainer
{
    public static LocalizedText Explain(RoutingDecision decision, string repId)
    {
        var candidate = decision.Candidate(repId);
        if (candidate is null)
            return new($"{repId} 未参与本次分配（不在候选名单中）", $"{repId} was not a candidate for this lead");

        if (!candidate.IsEligible)
            return new($"{candidate.DisplayName} 未参与分配：{Join(candidate.Exclusions.Select(x => x.Message.ZhCn), "；")}",
                $"{candidate.DisplayName} was excluded: {Join(candidate.Exclusions.Select(x => x.Message.En), "; ")}");

        var winner = decision.Candidates.First(c => c.Rank == 1);
        if (candidate.RepId == winner.RepId)
            return WhyWinner(decision, winner);

        var versus = Compare(winner, candidate);
        return new($"{winner.DisplayName} 获得线索而不是 {candidate.DisplayName}：{versus.ZhCn}",
            $"{winner.DisplayName} got the lead instead of {candidate.DisplayName}: {versus.En}");
    }

    private static LocalizedText WhyWinner(RoutingDecision decision, CandidateEvaluation winner)
    {
        var score = LeadRouter.Format(winner.Score);
        var runnerUp = decision.Candidates.FirstOrDefault(c => c.Rank == 2);
        var offShiftNote = winner.OnShift ? new LocalizedText("", "") : new LocalizedText("（无人在班，分配给不在班的销售）", " (nobody eligible is on shift)");
        if (runnerUp is null)
            return new($"分配给 {winner.DisplayName}（得分 {score}）：唯一符合条件的销售{offShiftNote.ZhCn}",
                $"Assigned to {winner.DisplayName} (score {score}): the only eligible rep{offShiftNote.En}");
        var versus = Compare(winner, runnerUp);
        return new($"分配给 {winner.DisplayName}（得分 {score}）{offShiftNote.ZhCn}；次选 {runnerUp.DisplayName}：{versus.ZhCn}",
            $"Assigned to {winner.DisplayName} (score {score}){offShiftNote.En}; runner-up {runnerUp.DisplayName}: {versus.En}");
    }

    /// <summary>Why <paramref name="better"/> ranks above <paramref name="worse"/> (both eligible).</summary>
    private static LocalizedText Compare(CandidateEvaluation better, CandidateEvaluation worse)
    {
        if (better.OnShift && !worse.OnShift)
            return new($"{worse.DisplayName} 当前不在班，{better.DisplayName} 在班",
                $"{worse.DisplayName} is off shift and {better.DisplayName} is on shift");

        if (better.TerritoryTier < worse.TerritoryTier)
        {
            var b = better.Factor(RoutingFactor.Territory).Detail;
            var w = worse.Factor(RoutingFactor.Territory).Detail;
            return new($"优先分配给同地域/相邻地域销售：{better.DisplayName} 为{b.ZhCn}，{worse.DisplayName} 为{w.ZhCn}",
                $"the policy prefers the lead's own (or neighbouring) territory: {better.DisplayName}: {b.En}; {worse.DisplayName}: {w.En}");
        }

        if (better.Score != worse.Score)
        {
            var breakdown = Breakdown(better, worse);
            return new($"得分 {LeadRouter.Format(better.Score)} 高于 {LeadRouter.Format(worse.Score)}（{breakdown.ZhCn}）",
                $"score {LeadRouter.Format(better.Score)} is higher than {LeadRouter.Format(worse.Score)} ({breakdown.En})");
        }

        var tie = $"{LeadRouter.Format(better.Score)}";
        if (better.LastAssignedAt != worse.LastAssignedAt)
        {
            var when = better.LastAssignedAt is null ? "从未分配过线索" : $"上次分配于 {Local(better.LastAssignedAt.Value)}";
            var whenEn = better.LastAssignedAt is null ? "has never been assigned a lead" : $"was last assigned at {Local(better.LastAssignedAt.Value)}";
            return new($"得分相同（{tie}），按公平轮转给最久未分配的人：{better.DisplayName} {when}，{worse.DisplayName} 上次分配于 {Local(worse.LastAssignedAt!.Value)}",
                $"equal score ({tie}); fair rotation picks who waited longest: {better.DisplayName} {whenEn}, {worse.DisplayName} was last assigned at {Local(worse.LastAssignedAt!.Value)}");
        }
        return new($"得分相同（{tie}）且上次分配时间相同，按线索与销售的固定哈希顺序决定（可复现）",
            $"equal score ({tie}) and equal last assignment time; decided by the fixed hash order of lead and rep (reproducible)");
    }

    private static LocalizedText Breakdown(CandidateEvaluation a, CandidateEvaluation b)
    {
        var zh = new List<string>();
        var en = new List<string>();
        foreach (var factor in a.Factors)
        {
            var other = b.Factor(factor.Factor);
            if (factor.Score == other.Score)
                continue;
            var (nameZh, nameEn) = FactorName(factor.Factor);
            zh.Add($"{nameZh} {LeadRouter.Format(factor.Score)}（{factor.Detail.ZhCn}） 对 {LeadRouter.Format(other.Score)}（{other.Detail.ZhCn}）");
            en.Add($"{nameEn} {LeadRouter.Format(factor.Score)} ({factor.Detail.En}) vs {LeadRouter.Format(other.Score)} ({other.Detail.En})");
        }
        if (a.FollowUpMultiplier != b.FollowUpMultiplier)
        {
            zh.Add($"跟进系数 ×{LeadRouter.Format(a.FollowUpMultiplier)}（近期跟进 {a.FollowUpsInWindow} 次） 对 ×{LeadRouter.Format(b.FollowUpMultiplier)}（近期跟进 {b.FollowUpsInWindow} 次）");
            en.Add($"follow-up multiplier ×{LeadRouter.Format(a.FollowUpMultiplier)} ({a.FollowUpsInWindow} recent follow-ups) vs ×{LeadRouter.Format(b.FollowUpMultiplier)} ({b.FollowUpsInWindow} recent follow-ups)");
        }
        return new(Join(zh, "；"), Join(en, "; "));
    }

    internal static LocalizedText PublicPoolReason(IReadOnlyList<CandidateEvaluation> evaluations)
    {
        if (evaluations.Count == 0)
            return new("没有可分配的销售，线索进入公海", "No reps to route to; the lead goes to the public pool");

        var groups = evaluations
            .SelectMany(e => e.Exclusions.Take(1).Select(x => (e.DisplayName, x)))
            .GroupBy(p => p.x.Code)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key)
            .ToList();
        var zh = groups.Select(g => $"{g.Count()} 人{g.First().x.Message.ZhCn}（{Join(g.Select(p => p.DisplayName), "、")}）");
        var en = groups.Select(g => $"{g.Count()} × {g.First().x.Message.En} ({Join(g.Select(p => p.DisplayName), ", ")})");
        return new($"没有符合条件的销售，线索进入公海：{Join(zh, "；")}",
            $"No eligible rep; the lead goes to the public pool: {Join(en, "; ")}");
    }

    private static (string Zh, string En) FactorName(RoutingFactor factor) => factor switch
    {
        RoutingFactor.Territory => ("地域", "territory"),
        RoutingFactor.Responsiveness => ("响应", "responsiveness"),
        _ => ("负荷", "load"),
    };

    private static string Local(DateTimeOffset instant) => ShanghaiTime.ToLocal(instant).ToString("yyyy-MM-dd HH:mm");

    private static string Join(IEnumerable<string> parts, string separator) => string.Join(separator, parts);
}
