using System.Text.Json;

namespace SalesMesh.Activities.Domain.Rules;

/// <summary>
/// Reads a record in its JSON form (an object keyed by field id) into a <see cref="RuleInput"/>.
/// Absent keys and JSON null mean "missing"; keys not in the catalogue are ignored.
/// </summary>
public static class RuleInputJson
{
    public static DomainResult<RuleInput> Read(CompiledRuleSet ruleSet, JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return DomainResult<RuleInput>.Failure(RuleSetCompiler.Error("rules.json_type", "", "记录必须是 JSON 对象", "A record must be a JSON object"));
        }
        var input = ruleSet.CreateInput();
        var errors = new List<DomainError>();
        foreach (var property in record.EnumerateObject())
        {
            RuleValue value;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Null: continue;
                case JsonValueKind.String: value = RuleValue.FromText(property.Value.GetString()); break;
                case JsonValueKind.True or JsonValueKind.False: value = RuleValue.FromBoolean(property.Value.GetBoolean()); break;
                case JsonValueKind.Number when property.Value.TryGetDecimal(out var number): value = RuleValue.FromNumber(number); break;
                case JsonValueKind.Array when AllStrings(property.Value):
                    value = RuleValue.FromList(property.Value.EnumerateArray().Select(e => e.GetString()!));
                    break;
                default:
                    errors.Add(RuleSetCompiler.Error("rules.json_type", property.Name, "不支持的 JSON 值", "Unsupported JSON value"));
                    continue;
            }
            if (input.Set(property.Name, value) is { } error)
            {
                errors.Add(error);
            }
        }
        return errors.Count > 0 ? DomainResult<RuleInput>.Failure(errors) : DomainResult<RuleInput>.Success(input);
    }

    private static bool AllStrings(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }
        return true;
    }
}
