using SalesMesh.Activities.Domain.Rules;
using SalesMesh.Activities.Domain.VisitRecords;
using static SalesMesh.Activities.Tests.VisitRecords.VisitRecordSamples;

namespace SalesMesh.Activities.Tests.VisitRecords;

/// <summary>The two default AC-4 rules applied to real, validated visit records.</summary>
public sealed class VisitRecordRulesTests
{
    private static readonly CompiledRuleSet Defaults = RuleSetCompiler.Compile(DefaultRuleSets.VisitRecordDefaults()).Value;

    private static IReadOnlyList<RuleViolation> Check(VisitRecordInput input)
    {
        var record = VisitRecordValidator.Validate(input, ServerNow).Value;
        var ruleInput = Defaults.CreateInput();
        VisitRecordRuleProjection.Fill(record, ruleInput);
        return Defaults.Evaluate(ruleInput).Violations;
    }

    [Fact]
    public void Trial_account_without_dates_and_login_frequency_names_all_three_fields()
    {
        var violation = Assert.Single(Check(Valid() with { Trial = new TrialInput(true, null, null, null) }));

        Assert.Equal(DefaultRuleSets.TrialAccountRuleId, violation.RuleId);
        Assert.Equal(["trial.startDate", "trial.endDate", "trial.clientLoginFrequency"], violation.Fields);
        Assert.Equal(["trial.accountProvided"], violation.ConditionFields);
        Assert.Equal(["试用开始日期", "试用结束日期", "客户登录频率"], violation.FieldLabels.Select(l => l.Zh));
        Assert.Equal(["Trial start date", "Trial end date", "Client login frequency"], violation.FieldLabels.Select(l => l.En));
    }

    [Fact]
    public void Trial_account_with_everything_filled_passes()
    {
        Assert.Empty(Check(Valid() with { Trial = new TrialInput(true, new DateOnly(2026, 11, 20), new DateOnly(2026, 12, 20), "每周 3 次") }));
    }

    [Fact]
    public void Budget_concern_without_cost_analysis_is_a_violation()
    {
        var violation = Assert.Single(Check(Valid() with { BiggestConcern = "budgetInsufficient", PromisedDeliverable = "下周发送报价单" }));

        Assert.Equal(DefaultRuleSets.BudgetConcernRuleId, violation.RuleId);
        Assert.Equal(["promisedDeliverable"], violation.Fields);
        Assert.Equal(["biggestConcern"], violation.ConditionFields);
        Assert.Contains("成本分析", violation.Message.Zh);
        Assert.Contains("cost analysis", violation.Message.En);
    }

    [Theory]
    [InlineData("下周发送<b>成本分析</b>")]
    [InlineData("<p>Roi 测算表</p>")]
    [InlineData("COST ANALYSIS by Friday")]
    public void Budget_concern_with_a_keyword_passes_even_inside_markup(string deliverable)
    {
        Assert.Empty(Check(Valid() with { BiggestConcern = "budgetInsufficient", PromisedDeliverable = deliverable }));
    }

    [Fact]
    public void Markup_splitting_a_keyword_does_not_hide_it_but_markup_alone_does_not_satisfy_it()
    {
        Assert.Empty(Check(Valid() with { BiggestConcern = "budgetInsufficient", PromisedDeliverable = "成本<i>分析</i>" }));
        Assert.Single(Check(Valid() with { BiggestConcern = "budgetInsufficient", PromisedDeliverable = "<span title=\"ROI\">报价</span>" }));
    }
}

public sealed class VisitRecordCatalogueTests
{
    [Fact]
    public void The_default_catalogue_matches_the_visit_record()
    {
        Assert.Empty(VisitRecordRuleProjection.ValidateCatalogue(DefaultRuleSets.VisitRecordCatalogue()));
    }

    [Fact]
    public void A_catalogue_that_retypes_or_narrows_a_built_in_field_is_refused_before_publishing()
    {
        var fields = DefaultRuleSets.VisitRecordCatalogue().Fields
            .Select(f => f.Id switch
            {
                "trial.accountProvided" => f with { Type = FieldType.Text },
                "budget" => f with { AllowedValues = ["unconfirmed"] },
                _ => f,
            })
            .Append(new FieldDefinition("customer.industry", FieldType.Text, new("行业", "Industry")))
            .ToList();

        var errors = VisitRecordRuleProjection.ValidateCatalogue(new FieldCatalogue(fields));

        Assert.Equal(["budget", "trial.accountProvided"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Equal("rules.catalogue_conflicts_with_record", e.Code));
    }
}
