using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Routing;

/// <summary>
/// The numbers a candidate's texts are made of (<see cref="RoutingTexts"/>). Kept with the evaluation
/// so a stored decision can hold these numbers and render the sentences when it is read, instead of
/// storing every sentence in two languages.
/// </summary>
/// <param name="LeadTerritory">The lead's territory (territory detail).</param>
/// <param name="ProductLine">The lead's product line and <paramref name="Qualification"/> the policy requires for it (missing-qualification exclusion).</param>
/// <param name="WindowDays">The responsiveness window in whole days (responsiveness detail).</param>
public sealed record EvaluationFacts(
    string? LeadTerritory,
    string? ProductLine,
    string? Qualification,
    int WindowDays,
    int OpenLeads,
    int Capacity,
    int SlaMet,
    int SlaDue);

/// <summary>Every sentence of a candidate evaluation, rendered from its <see cref="EvaluationFacts"/> (zh-CN and English).</summary>
public static class RoutingTexts
{
    public static LocalizedText Exclusion(ExclusionCode code, EvaluationFacts f) => code switch
    {
        ExclusionCode.Inactive => new("不在职或已停用", "Inactive or disabled"),
        ExclusionCode.MissingQualification => new($"缺少产品线“{f.ProductLine}”所需资质“{f.Qualification}”",
            $"Lacks the qualification '{f.Qualification}' required for product line '{f.ProductLine}'"),
        ExclusionCode.AtCapacity => new($"已满负荷（在手 {f.OpenLeads}/{f.Capacity}）", $"At capacity ({f.OpenLeads}/{f.Capacity} open leads)"),
        ExclusionCode.OffShift => new("当前不在班", "Off shift now"),
        ExclusionCode.SlaBreachedOnThisLead => new("在此线索上超时未响应（SLA 违约），不再分配给其本人",
            "Breached the SLA on this lead, so it is not given back to them"),
        ExclusionCode.FollowUpRightsRevoked => new("对该客户的跟进权已被熔断收回", "Follow-up rights for this customer were revoked by the circuit breaker"),
        _ => new("本人已释放此线索", "Released this lead themselves"),
    };

    public static LocalizedText Detail(RoutingFactor factor, TerritoryMatch match, EvaluationFacts f) => factor switch
    {
        RoutingFactor.Territory => match switch
        {
            TerritoryMatch.SameTerritory => new($"同地域（{f.LeadTerritory}）", $"Same territory ({f.LeadTerritory})"),
            TerritoryMatch.NeighboringTerritory => new($"相邻地域（线索在{f.LeadTerritory}）", $"Neighbouring territory (lead is in {f.LeadTerritory})"),
            TerritoryMatch.OtherTerritory => new($"非线索地域（线索在{f.LeadTerritory}）", $"Not the lead's territory (lead is in {f.LeadTerritory})"),
            _ => new("线索无地域信息", "The lead has no territory"),
        },
        RoutingFactor.Responsiveness => new($"近 {f.WindowDays} 天 SLA 按时 {f.SlaMet}/{f.SlaDue}", $"SLA met {f.SlaMet} of {f.SlaDue} in the last {f.WindowDays} days"),
        _ => new($"在手线索 {f.OpenLeads}/{f.Capacity}", $"{f.OpenLeads}/{f.Capacity} open leads"),
    };
}
