using SalesMesh.Activities.Domain.StatusCards;
using SalesMesh.Activities.Domain.VisitRecords;

namespace SalesMesh.Activities.Tests.StatusCards;

public sealed class StatusEvaluatorTests
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    internal static CustomerStatusFacts GreenFacts() => new(
        NeedVerified: true,
        Budget: BudgetStatus.ConfirmedAbove500k,
        KeyPersonAgrees: true,
        SourceQuestionable: false,
        LastEffectiveInteractionAt: Now.AddDays(-3),
        Attachments: [new StatusAttachment("需求确认书.pdf", AttachmentPurpose.RequirementConfirmation, PdfSignature.LooksLikePdf(SampleFiles.MinimalPdf()))]);

    [Fact]
    public void Verified_need_confirmed_budget_key_person_and_a_real_pdf_is_green_with_the_reason()
    {
        var evaluation = StatusEvaluator.Evaluate(GreenFacts(), Now);

        Assert.Equal(StatusColor.Green, evaluation.Color);
        Assert.Contains("需求确认书.pdf", Assert.Single(evaluation.Reasons).Text.Zh);
    }

    [Fact]
    public void A_png_renamed_to_pdf_does_not_make_the_card_green()
    {
        var facts = GreenFacts() with
        {
            Attachments = [new StatusAttachment("需求确认书.pdf", AttachmentPurpose.RequirementConfirmation, PdfSignature.LooksLikePdf(SampleFiles.TinyPng()))],
        };

        var evaluation = StatusEvaluator.Evaluate(facts, Now);

        Assert.Equal(StatusColor.Yellow, evaluation.Color);
        var reason = Assert.Single(evaluation.Reasons);
        Assert.Equal("missingRequirementPdf", reason.Code);
        Assert.Contains("需求确认书.pdf 不是有效的 PDF", reason.Text.Zh);
    }

    [Fact]
    public void A_pdf_attached_for_another_purpose_does_not_count()
    {
        var facts = GreenFacts() with
        {
            Attachments = [new StatusAttachment("报价单.pdf", AttachmentPurpose.Other, PdfSignature.LooksLikePdf(SampleFiles.MinimalPdf()))],
        };

        Assert.Equal(StatusColor.Yellow, StatusEvaluator.Evaluate(facts, Now).Color);
    }

    [Fact]
    public void Need_with_unclear_budget_and_decision_chain_is_yellow_naming_both()
    {
        var facts = GreenFacts() with { Budget = BudgetStatus.Unconfirmed, KeyPersonAgrees = false };

        var evaluation = StatusEvaluator.Evaluate(facts, Now);

        Assert.Equal(StatusColor.Yellow, evaluation.Color);
        Assert.Equal(["budgetUnclear", "decisionChainUnclear"], evaluation.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void Questionable_source_is_red_even_when_everything_else_is_green()
    {
        var evaluation = StatusEvaluator.Evaluate(GreenFacts() with { SourceQuestionable = true }, Now);

        Assert.Equal(StatusColor.Red, evaluation.Color);
        Assert.Equal("questionableSource", Assert.Single(evaluation.Reasons).Code);
    }

    [Fact]
    public void Sixty_days_without_an_effective_interaction_is_red_fifty_nine_days_is_not()
    {
        var at60 = StatusEvaluator.Evaluate(GreenFacts() with { LastEffectiveInteractionAt = Now.AddDays(-60) }, Now);
        var just59 = StatusEvaluator.Evaluate(GreenFacts() with { LastEffectiveInteractionAt = Now.AddDays(-60).AddSeconds(1) }, Now);

        Assert.Equal(StatusColor.Red, at60.Color);
        Assert.Equal("inactive60Days", Assert.Single(at60.Reasons).Code);
        Assert.Contains("60", at60.Reasons[0].Text.Zh);
        Assert.Equal(StatusColor.Green, just59.Color);
    }

    [Fact]
    public void Missing_history_is_red_and_all_red_reasons_are_listed()
    {
        var evaluation = StatusEvaluator.Evaluate(GreenFacts() with { LastEffectiveInteractionAt = null, SourceQuestionable = true }, Now);

        Assert.Equal(StatusColor.Red, evaluation.Color);
        Assert.Equal(["questionableSource", "missingHistory"], evaluation.Reasons.Select(r => r.Code));
    }
}
