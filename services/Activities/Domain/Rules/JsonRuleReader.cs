using System.Text.Json;

namespace SalesMesh.Activities.Domain.Rules;

/// <summary>Strict reader behind <see cref="RuleSetJson.Read(string)"/>; collects every structural error.</summary>
internal sealed class JsonRuleReader
{
    public List<DomainError> Errors { get; } = [];

    public RuleSet? ReadRuleSet(JsonElement root)
    {
        if (!ExpectObject(root, "", "format", "ruleSetId", "version", "fields", "rules"))
        {
            return null;
        }
        var format = RequiredString(root, "format", "");
        if (format is not null && format != RuleSetJson.Format)
        {
            Add("rules.unsupported_format", "format", $"不支持的规则集格式“{format}”，应为 {RuleSetJson.Format}",
                $"Unsupported rule set format '{format}'; expected {RuleSetJson.Format}");
        }
        var id = RequiredString(root, "ruleSetId", "");
        int version = 0;
        if (Property(root, "version", "", JsonValueKind.Number) is { } v && !v.TryGetInt32(out version))
        {
            Add("rules.json_type", "version", "版本必须是整数", "version must be an integer");
        }
        var fields = new List<FieldDefinition>();
        if (Property(root, "fields", "", JsonValueKind.Array) is { } fieldArray)
        {
            int i = 0;
            foreach (var item in fieldArray.EnumerateArray())
            {
                if (ReadField(item, $"fields[{i++}]") is { } field)
                {
                    fields.Add(field);
                }
            }
        }
        var rules = new List<Rule>();
        if (Property(root, "rules", "", JsonValueKind.Array) is { } ruleArray)
        {
            int i = 0;
            foreach (var item in ruleArray.EnumerateArray())
            {
                if (ReadRule(item, $"rules[{i++}]") is { } rule)
                {
                    rules.Add(rule);
                }
            }
        }
        return Errors.Count == 0 ? new RuleSet(id!, version, new FieldCatalogue(fields), rules) : null;
    }

    private FieldDefinition? ReadField(JsonElement element, string path)
    {
        if (!ExpectObject(element, path, "id", "type", "label", "values"))
        {
            return null;
        }
        var id = RequiredString(element, "id", path);
        var typeName = RequiredString(element, "type", path);
        var label = ReadText(element, "label", path);
        FieldType? type = typeName is null ? null : FieldCatalogue.ParseTypeName(typeName);
        if (typeName is not null && type is null)
        {
            Add("rules.unknown_field_type", Join(path, "type"), $"未知字段类型“{typeName}”",
                $"Unknown field type '{typeName}' (text, enum, boolean, number, date, dateTime, textList)");
        }
        IReadOnlyList<string> values = [];
        if (element.TryGetProperty("values", out _))
        {
            values = ReadStrings(element, "values", path) ?? [];
        }
        return id is null || type is null || label is null ? null : new FieldDefinition(id, type.Value, label.Value, values);
    }

    private Rule? ReadRule(JsonElement element, string path)
    {
        if (!ExpectObject(element, path, "id", "enabled", "message", "when", "then"))
        {
            return null;
        }
        var id = RequiredString(element, "id", path);
        bool enabled = true;
        if (element.TryGetProperty("enabled", out var enabledElement))
        {
            if (enabledElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                enabled = enabledElement.GetBoolean();
            }
            else
            {
                Add("rules.json_type", Join(path, "enabled"), "enabled 必须是布尔值", "enabled must be a boolean");
            }
        }
        var message = ReadText(element, "message", path);
        Condition? when = null;
        if (element.TryGetProperty("when", out var whenElement))
        {
            when = ReadCondition(whenElement, Join(path, "when"));
        }
        Condition? then = null;
        if (element.TryGetProperty("then", out var thenElement))
        {
            then = ReadCondition(thenElement, Join(path, "then"));
        }
        else
        {
            Add("rules.json_missing", Join(path, "then"), "缺少 then", "Missing 'then'");
        }
        return id is null || message is null || then is null ? null : new Rule(id, message.Value, when, then, enabled);
    }

    private Condition? ReadCondition(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add("rules.json_type", path, "条件必须是对象", "A condition must be an object");
            return null;
        }
        if (element.TryGetProperty("all", out _) || element.TryGetProperty("any", out _))
        {
            var name = element.TryGetProperty("all", out _) ? "all" : "any";
            if (!ExpectObject(element, path, name))
            {
                return null;
            }
            var array = Property(element, name, path, JsonValueKind.Array);
            if (array is null)
            {
                return null;
            }
            var children = new List<Condition>();
            bool ok = true;
            int i = 0;
            foreach (var item in array.Value.EnumerateArray())
            {
                var child = ReadCondition(item, $"{path}.{name}[{i++}]");
                ok &= child is not null;
                if (child is not null)
                {
                    children.Add(child);
                }
            }
            return !ok ? null : name == "all" ? new AllOf(children) : new AnyOf(children);
        }
        var op = RequiredString(element, "op", path);
        return op switch
        {
            null => null,
            "equals" => ExpectObject(element, path, "field", "op", "value") && RequiredString(element, "field", path) is { } f1
                && ReadOperand(element, "value", path) is { } value ? new FieldEquals(f1, value) : null,
            "in" => ExpectObject(element, path, "field", "op", "values") && RequiredString(element, "field", path) is { } f2
                && ReadOperands(element, path) is { } values ? new FieldIn(f2, values) : null,
            "empty" => ExpectObject(element, path, "field", "op") && RequiredString(element, "field", path) is { } f3
                ? new FieldEmpty(f3) : null,
            "notEmpty" => ExpectObject(element, path, "field", "op") && RequiredString(element, "field", path) is { } f4
                ? new FieldNotEmpty(f4) : null,
            "containsAnyKeyword" => ExpectObject(element, path, "field", "op", "keywords") && RequiredString(element, "field", path) is { } f5
                && ReadStrings(element, "keywords", path) is { } keywords ? new ContainsAnyKeyword(f5, keywords) : null,
            "maxLength" => ExpectObject(element, path, "field", "op", "max") && RequiredString(element, "field", path) is { } f6
                && ReadInt(element, "max", path) is { } max ? new MaxLength(f6, max) : null,
            "requiredFields" => ExpectObject(element, path, "op", "fields")
                && ReadStrings(element, "fields", path) is { } fields ? new RequiredFields(fields) : null,
            _ => UnknownOperator(op, path),
        };
    }

    private Condition? UnknownOperator(string op, string path)
    {
        Add("rules.unknown_operator", Join(path, "op"), $"未知运算符“{op}”",
            $"Unknown operator '{op}' (equals, in, empty, notEmpty, containsAnyKeyword, maxLength, requiredFields, or an all/any group)");
        return null;
    }

    private RuleValue? ReadOperand(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            Add("rules.json_missing", Join(path, name), $"缺少 {name}", $"Missing '{name}'");
            return null;
        }
        return ToOperand(value, Join(path, name));
    }

    private RuleValue? ToOperand(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String: return RuleValue.FromText(value.GetString());
            case JsonValueKind.True or JsonValueKind.False: return RuleValue.FromBoolean(value.GetBoolean());
            case JsonValueKind.Number when value.TryGetDecimal(out var number): return RuleValue.FromNumber(number);
            default:
                Add("rules.json_type", path, "比较值必须是字符串、布尔值或数字", "A value must be a string, boolean or number");
                return null;
        }
    }

    private List<RuleValue>? ReadOperands(JsonElement element, string path)
    {
        if (Property(element, "values", path, JsonValueKind.Array) is not { } array)
        {
            return null;
        }
        var values = new List<RuleValue>();
        bool ok = true;
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var value = ToOperand(item, $"{path}.values[{i++}]");
            ok &= value is not null;
            if (value is not null)
            {
                values.Add(value.Value);
            }
        }
        return ok ? values : null;
    }

    private int? ReadInt(JsonElement element, string name, string path)
    {
        if (Property(element, name, path, JsonValueKind.Number) is not { } number)
        {
            return null;
        }
        if (number.TryGetInt32(out var value))
        {
            return value;
        }
        Add("rules.json_type", Join(path, name), $"{name} 必须是整数", $"'{name}' must be an integer");
        return null;
    }

    private BilingualText? ReadText(JsonElement element, string name, string path)
    {
        if (Property(element, name, path, JsonValueKind.Object) is not { } text)
        {
            return null;
        }
        var textPath = Join(path, name);
        if (!ExpectObject(text, textPath, "zh", "en"))
        {
            return null;
        }
        var zh = RequiredString(text, "zh", textPath);
        var en = RequiredString(text, "en", textPath);
        return zh is null || en is null ? null : new BilingualText(zh, en);
    }

    private List<string>? ReadStrings(JsonElement element, string name, string path)
    {
        if (Property(element, name, path, JsonValueKind.Array) is not { } array)
        {
            return null;
        }
        var values = new List<string>();
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                values.Add(item.GetString()!);
            }
            else
            {
                Add("rules.json_type", $"{Join(path, name)}[{i}]", "必须是字符串", "Must be a string");
                return null;
            }
            i++;
        }
        return values;
    }

    private string? RequiredString(JsonElement element, string name, string path) =>
        Property(element, name, path, JsonValueKind.String)?.GetString();

    private JsonElement? Property(JsonElement element, string name, string path, JsonValueKind kind)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            Add("rules.json_missing", Join(path, name), $"缺少 {name}", $"Missing '{name}'");
            return null;
        }
        if (value.ValueKind != kind)
        {
            var expected = kind.ToString().ToLowerInvariant();
            Add("rules.json_type", Join(path, name), $"{name} 的 JSON 类型应为 {expected}", $"'{name}' must be a JSON {expected}");
            return null;
        }
        return value;
    }

    private bool ExpectObject(JsonElement element, string path, params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add("rules.json_type", path, "必须是 JSON 对象", "Must be a JSON object");
            return false;
        }
        bool ok = true;
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                Add("rules.json_unknown_property", Join(path, property.Name), $"未知属性“{property.Name}”",
                    $"Unknown property '{property.Name}'");
                ok = false;
            }
        }
        return ok;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private void Add(string code, string path, string zh, string en) => Errors.Add(RuleSetCompiler.Error(code, path, zh, en));
}
