namespace SalesMesh.Activities.Domain.Rules;

internal sealed class CompiledRule(Rule source, CompiledNode? when, CompiledNode then, string[] conditionFields)
{
    public Rule Source { get; } = source;
    public CompiledNode? When { get; } = when;
    public CompiledNode Then { get; } = then;
    public string[] ConditionFields { get; } = conditionFields;
}

/// <summary>
/// A validated rule set compiled once into field-ordinal lookups and node trees. Thread-safe for
/// concurrent evaluation (it is immutable); <see cref="RuleInput"/> instances are not shared.
/// </summary>
public sealed class CompiledRuleSet
{
    private readonly CompiledRule[] _rules;

    internal CompiledRuleSet(RuleSet source, CompiledRule[] rules)
    {
        Source = source;
        _rules = rules;
    }

    public RuleSet Source { get; }

    public int ActiveRuleCount => _rules.Length;

    public RuleInput CreateInput() => new(Source.Catalogue);

    /// <summary>
    /// Evaluates every enabled rule in declaration order. Allocates nothing unless a rule fails.
    /// </summary>
    public RuleEvaluationResult Evaluate(RuleInput input)
    {
        if (!ReferenceEquals(input.Catalogue, Source.Catalogue))
        {
            throw new ArgumentException("The input was created for another rule set; use CreateInput().", nameof(input));
        }
        List<RuleViolation>? violations = null;
        foreach (var rule in _rules)
        {
            if (rule.When is not null && !rule.When.Evaluate(input))
            {
                continue;
            }
            if (rule.Then.Evaluate(input))
            {
                continue;
            }
            violations ??= [];
            violations.Add(CreateViolation(rule, input));
        }
        return new RuleEvaluationResult(violations);
    }

    private RuleViolation CreateViolation(CompiledRule rule, RuleInput input)
    {
        var failing = new List<string>();
        rule.Then.CollectFailingFields(input, failing);
        var labels = new BilingualText[failing.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = Source.Catalogue.Find(failing[i])!.Label;
        }
        return new RuleViolation(rule.Source.Id, Source.Id, Source.Version, rule.Source.Message, failing, rule.ConditionFields, labels);
    }
}
