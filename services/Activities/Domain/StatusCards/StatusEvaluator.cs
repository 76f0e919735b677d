using SalesMesh.Activities.Domain.VisitRecords;

namespace SalesMesh.Activities.Domain.StatusCards;

/// <summary>
/// Automatic three-colour status (AC-7). Precedence: any red reason makes the card red; otherwise
/// green when need, budget, key person and a real requirement-confirmation PDF are all there;
/// otherwise yellow, with every unmet green condition as a reason.
/// Decision: a customer whose need is not yet verified is yellow (early, not suspicious), not red.
/// </summary>
public static class StatusEvaluator
{
    /// <summary>"60 days without an effective interaction": at exactly 60 days the card turns red.</summary>
    public static readonly TimeSpan InactivityLimit = TimeSpan.FromDays(60);

    public static StatusEvaluation Evaluate(CustomerStatusFacts facts, DateTimeOffset now)
    {
        var red = new List<StatusReason>();
        if (facts.SourceQuestionable)
        {
            red.Add(new("questionableSource", new("线索来源存疑", "Questionable lead source")));
        }
        if (facts.LastEffectiveInteractionAt is null)
        {
            red.Add(new("missingHistory", new("缺少跟进历史", "No interaction history")));
        }
        else if (now - facts.LastEffectiveInteractionAt.Value >= InactivityLimit)
        {
            int days = (int)(now - facts.LastEffectiveInteractionAt.Value).TotalDays;
            red.Add(new("inactive60Days", new($"已 {days} 天没有有效互动（上限 60 天）", $"No effective interaction for {days} days (limit 60)")));
        }
        if (red.Count > 0)
        {
            return new StatusEvaluation(StatusColor.Red, red, now);
        }

        var unmet = new List<StatusReason>();
        if (!facts.NeedVerified)
        {
            unmet.Add(new("needNotVerified", new("需求未验证", "Need not verified")));
        }
        if (facts.Budget is null or BudgetStatus.Unconfirmed)
        {
            unmet.Add(new("budgetUnclear", new("预算未确认", "Budget not confirmed")));
        }
        if (!facts.KeyPersonAgrees)
        {
            unmet.Add(new("decisionChainUnclear", new("决策链不清或关键人未认可", "Decision chain unclear or key person has not agreed")));
        }
        var pdf = FirstRequirementPdf(facts.Attachments, unmet);
        if (unmet.Count > 0)
        {
            return new StatusEvaluation(StatusColor.Yellow, unmet, now);
        }
        return new StatusEvaluation(StatusColor.Green,
        [
            new("greenConditionsMet", new($"需求已验证、预算已确认、关键人认可，需求确认书：{pdf!.FileName}",
                $"Need verified, budget confirmed, key person agrees; requirement confirmation: {pdf.FileName}")),
        ], now);
    }

    private static StatusAttachment? FirstRequirementPdf(IReadOnlyList<StatusAttachment> attachments, List<StatusReason> unmet)
    {
        StatusAttachment? found = null;
        var rejected = new List<string>();
        foreach (var attachment in attachments)
        {
            if (attachment.Purpose != AttachmentPurpose.RequirementConfirmation)
            {
                continue;
            }
            if (attachment.IsPdf)
            {
                found ??= attachment;
            }
            else
            {
                rejected.Add(attachment.FileName);
            }
        }
        if (found is null)
        {
            var zh = rejected.Count == 0 ? "缺少需求确认书（PDF）" : $"缺少需求确认书（PDF）：{string.Join("、", rejected)} 不是有效的 PDF 文件";
            var en = rejected.Count == 0 ? "Missing requirement-confirmation document (PDF)"
                : $"Missing requirement-confirmation document (PDF): {string.Join(", ", rejected)} is not a valid PDF file";
            unmet.Add(new("missingRequirementPdf", new(zh, en)));
        }
        return found;
    }
}
