using SalesMesh.Activities.Domain.StatusCards;
using static SalesMesh.Activities.Tests.StatusCards.StatusEvaluatorTests;

namespace SalesMesh.Activities.Tests.StatusCards;

public sealed class StatusCardRulesTests
{
    private static StatusEvaluation Eval(StatusColor color, DateTimeOffset at) => new(color, [new StatusReason("test", new("测试", "test"))], at);

    private static StatusCard CardWith(StatusColor color, DateTimeOffset evaluatedAt) =>
        StatusCardRules.ApplyEvaluation(null, "cust-1", Eval(color, evaluatedAt)).Card;

    [Fact]
    public void Override_within_24_hours_with_a_reason_changes_the_colour_and_keeps_who_and_why()
    {
        var card = CardWith(StatusColor.Yellow, Now);

        var change = StatusCardRules.Override(card, StatusColor.Red, "客户已明确表示无采购计划", "sup-li", Now.AddHours(24)).Value;

        Assert.Equal(StatusColor.Red, change.Card.Color);
        Assert.Equal(StatusColor.Yellow, change.Card.Automatic.Color);
        Assert.True(change.Card.WasOverridden);
        Assert.Equal(new StatusOverride(StatusColor.Yellow, StatusColor.Red, "客户已明确表示无采购计划", "sup-li", Now.AddHours(24)), change.Card.Override);
    }

    [Fact]
    public void Override_after_24_hours_is_refused_with_a_specific_error()
    {
        var card = CardWith(StatusColor.Yellow, Now);

        var result = StatusCardRules.Override(card, StatusColor.Green, "已拿到需求确认书", "sup-li", Now.AddHours(24).AddSeconds(1));

        var error = Assert.Single(result.Errors);
        Assert.Equal("status.override_window_closed", error.Code);
        Assert.Contains("24 小时", error.Message.Zh);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \u3000 ")]
    public void Override_without_a_reason_is_refused(string? reason)
    {
        var result = StatusCardRules.Override(CardWith(StatusColor.Yellow, Now), StatusColor.Green, reason, "sup-li", Now.AddHours(1));

        Assert.Equal("status.override_reason_required", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Override_to_the_same_colour_is_refused()
    {
        var result = StatusCardRules.Override(CardWith(StatusColor.Yellow, Now), StatusColor.Yellow, "确认", "sup-li", Now);

        Assert.Equal("status.override_no_change", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Yellow_to_green_creates_a_presales_proposal_task_due_in_24_hours()
    {
        var yellow = CardWith(StatusColor.Yellow, Now);

        var change = StatusCardRules.ApplyEvaluation(yellow, "cust-1", Eval(StatusColor.Green, Now.AddDays(2)));

        var task = change.PresalesTask!;
        Assert.Equal(PresalesTask.TechnicalProposalDraft, task.Kind);
        Assert.Equal("技术方案初稿", task.Title.Zh);
        Assert.Equal("cust-1", task.CustomerId);
        Assert.Equal(Now.AddDays(2).AddHours(24), task.DueAt);
    }

    [Fact]
    public void Manual_yellow_to_green_also_creates_the_task_but_red_to_green_does_not()
    {
        var viaOverride = StatusCardRules.Override(CardWith(StatusColor.Yellow, Now), StatusColor.Green, "PDF 已线下签署", "sup-li", Now.AddHours(2)).Value;
        var fromRed = StatusCardRules.ApplyEvaluation(CardWith(StatusColor.Red, Now), "cust-1", Eval(StatusColor.Green, Now.AddDays(1)));

        Assert.Equal(Now.AddHours(26), viaOverride.PresalesTask!.DueAt);
        Assert.Null(fromRed.PresalesTask);
    }

    [Fact]
    public void Two_reds_in_a_row_trip_the_circuit_breaker_once()
    {
        var first = StatusCardRules.ApplyEvaluation(null, "cust-1", Eval(StatusColor.Red, Now));
        var second = StatusCardRules.ApplyEvaluation(first.Card, "cust-1", Eval(StatusColor.Red, Now.AddDays(1)));
        var third = StatusCardRules.ApplyEvaluation(second.Card, "cust-1", Eval(StatusColor.Red, Now.AddDays(2)));

        Assert.False(first.CircuitBreakerTripped);
        Assert.True(second.CircuitBreakerTripped);
        Assert.Equal(2, second.Card.ConsecutiveReds);
        Assert.False(third.CircuitBreakerTripped);
    }

    [Fact]
    public void A_non_red_marking_in_between_resets_the_streak()
    {
        var red = StatusCardRules.ApplyEvaluation(null, "cust-1", Eval(StatusColor.Red, Now));
        var yellow = StatusCardRules.ApplyEvaluation(red.Card, "cust-1", Eval(StatusColor.Yellow, Now.AddDays(1)));
        var redAgain = StatusCardRules.ApplyEvaluation(yellow.Card, "cust-1", Eval(StatusColor.Red, Now.AddDays(2)));

        Assert.Equal(0, yellow.Card.ConsecutiveReds);
        Assert.False(redAgain.CircuitBreakerTripped);
        Assert.Equal(1, redAgain.Card.ConsecutiveReds);
    }

    [Fact]
    public void A_manual_red_counts_as_a_red_marking_and_a_manual_un_red_resets()
    {
        var red = StatusCardRules.ApplyEvaluation(null, "cust-1", Eval(StatusColor.Red, Now));
        var clearedByHuman = StatusCardRules.Override(red.Card, StatusColor.Yellow, "来源已核实", "sup-li", Now.AddHours(1)).Value;
        Assert.Equal(0, clearedByHuman.Card.ConsecutiveReds);

        var yellow = StatusCardRules.ApplyEvaluation(null, "cust-2", Eval(StatusColor.Red, Now));
        var yellowAuto = StatusCardRules.ApplyEvaluation(yellow.Card, "cust-2", Eval(StatusColor.Yellow, Now.AddDays(1)));
        var humanRed = StatusCardRules.Override(yellowAuto.Card, StatusColor.Red, "重复线索", "sup-li", Now.AddDays(1).AddHours(1)).Value;
        var autoRed = StatusCardRules.ApplyEvaluation(humanRed.Card, "cust-2", Eval(StatusColor.Red, Now.AddDays(2)));
        Assert.True(autoRed.CircuitBreakerTripped);
    }

    [Fact]
    public void A_new_automatic_evaluation_replaces_an_earlier_override()
    {
        var overridden = StatusCardRules.Override(CardWith(StatusColor.Yellow, Now), StatusColor.Red, "存疑", "sup-li", Now.AddHours(1)).Value;

        var next = StatusCardRules.ApplyEvaluation(overridden.Card, "cust-1", StatusEvaluator.Evaluate(GreenFacts(), Now.AddDays(1)));

        Assert.Null(next.Card.Override);
        Assert.Equal(StatusColor.Green, next.Card.Color);
    }
}
