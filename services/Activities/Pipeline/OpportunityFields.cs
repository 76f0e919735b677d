using System.Text.Json;
using SalesMesh.Activities.Domain;

namespace SalesMesh.Activities.Pipeline;

/// <summary>The opportunity's filled playbook fields (<c>opportunities.field_values</c>, a JSON object of key → text).</summary>
public static class OpportunityFields
{
    public const string Empty = "{}";

    public static Dictionary<string, string> Read(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    public static string Write(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(values.OrderBy(v => v.Key, StringComparer.Ordinal).ToDictionary(v => v.Key, v => v.Value));

    /// <summary>Keys whose value is not blank: what the stage gate counts as filled.</summary>
    public static HashSet<string> Filled(string json) =>
        [.. Read(json).Where(v => !TextRules.IsBlank(v.Value)).Select(v => v.Key)];
}
