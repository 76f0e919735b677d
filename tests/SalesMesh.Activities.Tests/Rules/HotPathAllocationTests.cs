using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Rules;

namespace SalesMesh.Activities.Tests.Rules;

/// <summary>
/// Allocation counts are deterministic (unlike timings), so "a passing evaluation allocates
/// nothing" is checked here; speed lives in bench/activities-rules.
/// </summary>
public sealed class HotPathAllocationTests
{
    [Fact]
    public void Evaluating_a_hundred_passing_rules_allocates_nothing()
    {
        var compiled = RuleSetCompiler.Compile(ManyRules(100)).Value;
        var input = compiled.CreateInput();
        input.Set("biggestConcern", RuleValue.FromText("budgetInsufficient"));
        input.Set("promisedDeliverable", RuleValue.FromText("下周提供成本分析和 ROI 测算"));
        input.Set("trial.accountProvided", RuleValue.FromBoolean(false));
        input.Set("nextTouchpoint.participants", RuleValue.FromList(["张总", "李工"]));
        compiled.Evaluate(input); // warm up (JIT, statics)

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            Assert.True(compiled.Evaluate(input).IsValid);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    internal static RuleSet ManyRules(int count)
    {
        var rules = new List<Rule>();
        for (int i = 0; i < count; i++)
        {
            var message = new BilingualText($"规则 {i}", $"rule {i}");
            rules.Add((i % 4) switch
            {
                0 => new Rule($"r{i}", message, new FieldEquals("biggestConcern", RuleValue.FromText("budgetInsufficient")),
                    new ContainsAnyKeyword("promisedDeliverable", ["成本分析", "ROI", "cost analysis"])),
                1 => new Rule($"r{i}", message, new FieldEquals("trial.accountProvided", RuleValue.FromBoolean(true)),
                    new RequiredFields(["trial.startDate", "trial.endDate", "trial.clientLoginFrequency"])),
                2 => new Rule($"r{i}", message, new AnyOf([new FieldIn("budget", [RuleValue.FromText("confirmedAbove500k"), RuleValue.FromText("confirmedBelow500k")]),
                    new FieldNotEmpty("nextTouchpoint.participants")]), new MaxLength("promisedDeliverable", 300)),
                _ => new Rule($"r{i}", message, new AllOf([new FieldNotEmpty("promisedDeliverable"), new FieldEmpty("objectionType")]),
                    new ContainsAnyKeyword("nextTouchpoint.participants", ["张", "Zhang"])),
            });
        }
        return DefaultRuleSets.VisitRecordDefaults() with { Rules = rules };
    }
}
