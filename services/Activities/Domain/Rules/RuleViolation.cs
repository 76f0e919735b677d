namespace SalesMesh.Activities.Domain.Rules;

/// <summary>
/// A failed rule. <see cref="Fields"/> are the fields the user must fix (for required-fields:
/// exactly the empty ones), <see cref="ConditionFields"/> the fields that made the rule apply.
/// Both lists are in the order the rule mentions them, without duplicates.
/// <see cref="FieldLabels"/> are the catalogue's zh/en names of <see cref="Fields"/>, same order.
/// </summary>
public sealed record RuleViolation(
    string RuleId,
    string RuleSetId,
    int RuleSetVersion,
    BilingualText Message,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> ConditionFields,
    IReadOnlyList<BilingualText> FieldLabels);

/// <summary>Evaluation outcome. A passing result shares one empty list: no allocation.</summary>
public readonly struct RuleEvaluationResult
{
    private static readonly RuleViolation[] NoViolations = [];
    private readonly IReadOnlyList<RuleViolation>? _violations;

    internal RuleEvaluationResult(IReadOnlyList<RuleViolation>? violations) => _violations = violations;

    public IReadOnlyList<RuleViolation> Violations => _violations ?? NoViolations;

    public bool IsValid => _violations is null || _violations.Count == 0;
}
