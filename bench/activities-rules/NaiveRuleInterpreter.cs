using SalesMesh.Activities.Domain.Rules;

namespace SalesMesh.Activities.RulesBench;

/// <summary>
/// The baseline: what one would write without compiling — walk the rule records per evaluation,
/// look fields up in a dictionary by name, LINQ for groups, lower-case strings for keyword
/// matching. Same semantics on the benchmark data; exists only to give the compiled engine a
/// ratio measured in the same run.
/// </summary>
internal sealed class NaiveRuleInterpreter(RuleSet ruleSet)
{
    public int CountViolations(Dictionary<string, RuleValue> record) =>
        ruleSet.Rules.Where(r => r.Enabled)
            .Count(r => (r.When is null || Holds(r.When, record)) && !Holds(r.Then, record));

    private static bool Holds(Condition condition, Dictionary<string, RuleValue> record) => condition switch
    {
        AllOf all => all.Conditions.All(c => Holds(c, record)),
        AnyOf any => any.Conditions.Any(c => Holds(c, record)),
        FieldEquals eq => Get(record, eq.Field) is var v && v.Kind == eq.Value.Kind && v.ToString().Trim() == eq.Value.ToString().Trim(),
        FieldIn @in => @in.Values.Any(x => Holds(new FieldEquals(@in.Field, x), record)),
        FieldEmpty empty => Get(record, empty.Field).IsEmpty,
        FieldNotEmpty notEmpty => !Get(record, notEmpty.Field).IsEmpty,
        ContainsAnyKeyword contains => Texts(Get(record, contains.Field))
            .Any(t => contains.Keywords.Any(k => t.ToLowerInvariant().Contains(k.ToLowerInvariant(), StringComparison.Ordinal))),
        MaxLength max => Get(record, max.Field).Text is not { } text || text.EnumerateRunes().Count() <= max.Max,
        RequiredFields required => required.Fields.All(f => !Get(record, f).IsEmpty),
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    private static RuleValue Get(Dictionary<string, RuleValue> record, string field) =>
        record.TryGetValue(field, out var value) ? value : RuleValue.Missing;

    private static IEnumerable<string> Texts(RuleValue value) => value.Kind switch
    {
        RuleValueKind.Text => [value.Text!],
        RuleValueKind.TextList => value.List!,
        _ => [],
    };
}
