using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Rules;

namespace SalesMesh.Activities.Pipeline;

/// <summary>
/// The fields a stage playbook may require (AC-2): every visit-record field of the rule catalogue
/// (a visit record submitted for the opportunity fills them) plus the opportunity's own deal
/// fields, which the rep reports with RecordPlaybookProgress. A playbook naming any other field is
/// refused, naming it.
/// </summary>
public static class PlaybookFieldCatalogue
{
    public static readonly IReadOnlyList<(string Key, BilingualText Name)> OpportunityFields =
    [
        ("quotedAmount", new("报价金额", "quoted amount")),
        ("contractAmount", new("合同金额", "contract amount")),
        ("goLiveDate", new("上线日期", "go-live date")),
        ("decisionMakers", new("决策人", "decision makers")),
        ("competitors", new("竞争对手", "competitors")),
    ];

    private static readonly Dictionary<string, BilingualText> All = Build();

    public static bool Contains(string key) => All.ContainsKey(key);

    public static bool IsOpportunityField(string key) => OpportunityFields.Any(f => f.Key == key);

    public static BilingualText NameOf(string key) => All.TryGetValue(key, out var name) ? name : new BilingualText(key, key);

    public static IEnumerable<string> Keys => All.Keys;

    private static Dictionary<string, BilingualText> Build()
    {
        var fields = new Dictionary<string, BilingualText>(StringComparer.Ordinal);
        foreach (var field in DefaultRuleSets.VisitRecordCatalogue().Fields)
        {
            // Playbook names are lower-case in English ("biggest concern"), as in the gate's message.
            fields[field.Id] = new BilingualText(field.Label.Zh, LowerFirst(field.Label.En));
        }
        foreach (var (key, name) in OpportunityFields)
        {
            fields[key] = name;
        }
        return fields;
    }

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
