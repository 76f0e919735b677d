using System.Globalization;

namespace SalesMesh.Activities.Domain.Rules;

/// <summary>
/// Validates a rule set against its own field catalogue and compiles it. Every problem is
/// reported (not just the first), each with a JSON-style path such as "rules[1].then.fields[0]".
/// </summary>
public static class RuleSetCompiler
{
    public static DomainResult<CompiledRuleSet> Compile(RuleSet ruleSet)
    {
        var errors = new List<DomainError>();
        ValidateHeader(ruleSet, errors);
        ValidateCatalogue(ruleSet.Catalogue, errors);

        var compiled = new List<CompiledRule>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ruleSet.Rules.Count; i++)
        {
            var rule = ruleSet.Rules[i];
            var path = $"rules[{i}]";
            ValidateRuleHeader(rule, path, seenIds, errors);
            var context = new Context(ruleSet.Catalogue, errors, rule.Id);
            var when = rule.When is null ? null : context.Compile(rule.When, path + ".when");
            var then = context.Compile(rule.Then, path + ".then");
            if (when is not null || rule.When is null)
            {
                if (then is not null && rule.Enabled)
                {
                    var conditionFields = new List<string>();
                    when?.CollectReferencedFields(conditionFields);
                    compiled.Add(new CompiledRule(rule, when, then, conditionFields.ToArray()));
                }
            }
        }
        return errors.Count > 0
            ? DomainResult<CompiledRuleSet>.Failure(errors)
            : DomainResult<CompiledRuleSet>.Success(new CompiledRuleSet(ruleSet, compiled.ToArray()));
    }

    private static void ValidateHeader(RuleSet ruleSet, List<DomainError> errors)
    {
        if (TextRules.IsBlank(ruleSet.Id))
        {
            errors.Add(Error("rules.blank_rule_set_id", "ruleSetId", "规则集编号不能为空", "Rule set id must not be blank"));
        }
        if (ruleSet.Version < 1)
        {
            errors.Add(Error("rules.invalid_version", "version", $"规则集版本必须 ≥ 1（当前 {ruleSet.Version}）",
                $"Rule set version must be >= 1 (got {ruleSet.Version})"));
        }
    }

    private static void ValidateCatalogue(FieldCatalogue catalogue, List<DomainError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < catalogue.Fields.Count; i++)
        {
            var field = catalogue.Fields[i];
            var path = $"fields[{i}]";
            if (TextRules.IsBlank(field.Id))
            {
                errors.Add(Error("rules.blank_field_id", path + ".id", "字段编号不能为空", "Field id must not be blank"));
            }
            else if (!seen.Add(field.Id))
            {
                errors.Add(Error("rules.duplicate_field", path + ".id", $"字段“{field.Id}”重复定义",
                    $"Field '{field.Id}' is defined more than once"));
            }
            if (TextRules.IsBlank(field.Label.Zh) || TextRules.IsBlank(field.Label.En))
            {
                errors.Add(Error("rules.blank_label", path + ".label", $"字段“{field.Id}”需要中英文名称",
                    $"Field '{field.Id}' needs both a Chinese and an English label"));
            }
            if (field.Type == FieldType.Enum && field.AllowedValues.Count == 0)
            {
                errors.Add(Error("rules.enum_without_values", path + ".values", $"枚举字段“{field.Id}”没有声明取值",
                    $"Enum field '{field.Id}' declares no values"));
            }
            if (field.Type != FieldType.Enum && field.AllowedValues.Count > 0)
            {
                errors.Add(Error("rules.values_on_non_enum", path + ".values", $"只有枚举字段可以声明取值（“{field.Id}”）",
                    $"Only enum fields may declare values ('{field.Id}')"));
            }
        }
    }

    private static void ValidateRuleHeader(Rule rule, string path, HashSet<string> seenIds, List<DomainError> errors)
    {
        if (TextRules.IsBlank(rule.Id))
        {
            errors.Add(Error("rules.blank_rule_id", path + ".id", "规则编号不能为空", "Rule id must not be blank"));
        }
        else if (!seenIds.Add(rule.Id))
        {
            errors.Add(Error("rules.duplicate_rule_id", path + ".id", $"规则编号“{rule.Id}”重复",
                $"Rule id '{rule.Id}' is used more than once"));
        }
        if (TextRules.IsBlank(rule.Message.Zh) || TextRules.IsBlank(rule.Message.En))
        {
            errors.Add(Error("rules.blank_message", path + ".message", $"规则“{rule.Id}”需要中英文提示",
                $"Rule '{rule.Id}' needs both a Chinese and an English message"));
        }
    }

    internal static DomainError Error(string code, string path, string zh, string en) => new(code, path, new BilingualText(zh, en));

    private sealed class Context(FieldCatalogue catalogue, List<DomainError> errors, string ruleId)
    {
        public CompiledNode? Compile(Condition condition, string path) => condition switch
        {
            AllOf all => CompileGroup(all.Conditions, path + ".all", "all", children => new AllNode(children)),
            AnyOf any => CompileGroup(any.Conditions, path + ".any", "any", children => new AnyNode(children)),
            FieldEquals eq => CompileEquals(eq, path),
            FieldIn @in => CompileIn(@in, path),
            FieldEmpty empty => CompileEmpty(empty.Field, path, wantEmpty: true),
            FieldNotEmpty notEmpty => CompileEmpty(notEmpty.Field, path, wantEmpty: false),
            ContainsAnyKeyword contains => CompileContains(contains, path),
            MaxLength max => CompileMaxLength(max, path),
            RequiredFields required => CompileRequired(required, path),
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.GetType().Name),
        };

        private CompiledNode? CompileGroup(IReadOnlyList<Condition> items, string path, string name, Func<CompiledNode[], CompiledNode> create)
        {
            if (items.Count == 0)
            {
                errors.Add(Error("rules.empty_group", path, $"规则“{ruleId}”中的 {name} 组不能为空",
                    $"Rule '{ruleId}': the '{name}' group must not be empty"));
                return null;
            }
            var children = new CompiledNode[items.Count];
            bool ok = true;
            for (int i = 0; i < items.Count; i++)
            {
                var child = Compile(items[i], $"{path}[{i}]");
                ok &= child is not null;
                children[i] = child!;
            }
            return ok ? create(children) : null;
        }

        private FieldDefinition? Resolve(string field, string path, out int ordinal)
        {
            if (catalogue.TryGetOrdinal(field, out ordinal))
            {
                return catalogue.Fields[ordinal];
            }
            errors.Add(Error("rules.unknown_field", path, $"规则“{ruleId}”引用了不存在的字段“{field}”",
                $"Rule '{ruleId}' references field '{field}', which is not in the field catalogue"));
            return null;
        }

        private bool Applicable(FieldDefinition field, string op, string path, params FieldType[] types)
        {
            if (Array.IndexOf(types, field.Type) >= 0)
            {
                return true;
            }
            var type = FieldCatalogue.TypeName(field.Type);
            errors.Add(Error("rules.operator_not_applicable", path, $"规则“{ruleId}”：运算符 {op} 不能用于 {type} 类型字段“{field.Id}”",
                $"Rule '{ruleId}': operator '{op}' cannot be used on {type} field '{field.Id}'"));
            return false;
        }

        private CompiledNode? CompileEquals(FieldEquals eq, string path)
        {
            var field = Resolve(eq.Field, path + ".field", out var ordinal);
            if (field is null || !Applicable(field, "equals", path + ".op",
                    FieldType.Text, FieldType.Enum, FieldType.Boolean, FieldType.Number, FieldType.Date, FieldType.DateTime))
            {
                return null;
            }
            if (!OperandFits(field, eq.Value, path + ".value"))
            {
                return null;
            }
            return field.Type switch
            {
                FieldType.Boolean => new EqualsBooleanNode(ordinal, field.Id, eq.Value.Boolean),
                FieldType.Number => new EqualsNumberNode(ordinal, field.Id, eq.Value.Number),
                _ => new EqualsTextNode(ordinal, field.Id, eq.Value.TrimmedText!),
            };
        }

        private CompiledNode? CompileIn(FieldIn @in, string path)
        {
            var field = Resolve(@in.Field, path + ".field", out var ordinal);
            if (field is null || !Applicable(field, "in", path + ".op",
                    FieldType.Text, FieldType.Enum, FieldType.Number, FieldType.Date, FieldType.DateTime))
            {
                return null;
            }
            if (@in.Values.Count == 0)
            {
                errors.Add(Error("rules.empty_list", path + ".values", $"规则“{ruleId}”：in 的取值列表不能为空",
                    $"Rule '{ruleId}': 'in' needs at least one value"));
                return null;
            }
            bool ok = true;
            for (int i = 0; i < @in.Values.Count; i++)
            {
                ok &= OperandFits(field, @in.Values[i], $"{path}.values[{i}]");
            }
            if (!ok)
            {
                return null;
            }
            if (field.Type == FieldType.Number)
            {
                var numbers = new decimal[@in.Values.Count];
                for (int i = 0; i < numbers.Length; i++)
                {
                    numbers[i] = @in.Values[i].Number;
                }
                return new InNumberNode(ordinal, field.Id, numbers);
            }
            var texts = new string[@in.Values.Count];
            for (int i = 0; i < texts.Length; i++)
            {
                texts[i] = @in.Values[i].TrimmedText!;
            }
            return new InTextNode(ordinal, field.Id, texts);
        }

        private bool OperandFits(FieldDefinition field, RuleValue operand, string path)
        {
            var expected = field.Type switch
            {
                FieldType.Boolean => RuleValueKind.Boolean,
                FieldType.Number => RuleValueKind.Number,
                _ => RuleValueKind.Text,
            };
            var type = FieldCatalogue.TypeName(field.Type);
            if (operand.Kind != expected)
            {
                errors.Add(Error("rules.value_type_mismatch", path, $"规则“{ruleId}”：字段“{field.Id}”是 {type} 类型，比较值“{operand}”类型不符",
                    $"Rule '{ruleId}': field '{field.Id}' is {type}; the value '{operand}' does not match"));
                return false;
            }
            if (field.Type == FieldType.Enum && !field.AllowedValues.Contains(operand.TrimmedText!))
            {
                errors.Add(Error("rules.enum_value_unknown", path, $"规则“{ruleId}”：“{operand}”不是字段“{field.Id}”的取值（{string.Join("、", field.AllowedValues)}）",
                    $"Rule '{ruleId}': '{operand}' is not a value of field '{field.Id}' ({string.Join(", ", field.AllowedValues)})"));
                return false;
            }
            if (field.Type == FieldType.Date &&
                !DateOnly.TryParseExact(operand.TrimmedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add(Error("rules.value_type_mismatch", path, $"规则“{ruleId}”：“{operand}”不是 YYYY-MM-DD 日期",
                    $"Rule '{ruleId}': '{operand}' is not a YYYY-MM-DD date"));
                return false;
            }
            return true;
        }

        private CompiledNode? CompileEmpty(string fieldId, string path, bool wantEmpty)
        {
            var field = Resolve(fieldId, path + ".field", out var ordinal);
            return field is null ? null : new EmptyNode(ordinal, field.Id, wantEmpty);
        }

        private CompiledNode? CompileContains(ContainsAnyKeyword contains, string path)
        {
            var field = Resolve(contains.Field, path + ".field", out var ordinal);
            if (field is null || !Applicable(field, "containsAnyKeyword", path + ".op", FieldType.Text, FieldType.TextList))
            {
                return null;
            }
            if (contains.Keywords.Count == 0)
            {
                errors.Add(Error("rules.empty_list", path + ".keywords", $"规则“{ruleId}”：关键词列表不能为空",
                    $"Rule '{ruleId}': the keyword list must not be empty"));
                return null;
            }
            var folded = new string[contains.Keywords.Count];
            bool ok = true;
            for (int i = 0; i < folded.Length; i++)
            {
                if (TextRules.IsBlank(contains.Keywords[i]))
                {
                    errors.Add(Error("rules.blank_keyword", $"{path}.keywords[{i}]", $"规则“{ruleId}”：关键词不能为空白",
                        $"Rule '{ruleId}': a keyword must not be blank"));
                    ok = false;
                    continue;
                }
                folded[i] = TextRules.FoldAscii(contains.Keywords[i]);
            }
            return ok ? new ContainsAnyKeywordNode(ordinal, field.Id, folded) : null;
        }

        private CompiledNode? CompileMaxLength(MaxLength max, string path)
        {
            var field = Resolve(max.Field, path + ".field", out var ordinal);
            if (field is null || !Applicable(field, "maxLength", path + ".op", FieldType.Text))
            {
                return null;
            }
            if (max.Max < 0)
            {
                errors.Add(Error("rules.negative_max_length", path + ".max", $"规则“{ruleId}”：最大长度不能为负数",
                    $"Rule '{ruleId}': max length must not be negative"));
                return null;
            }
            return new MaxLengthNode(ordinal, field.Id, max.Max);
        }

        private CompiledNode? CompileRequired(RequiredFields required, string path)
        {
            if (required.Fields.Count == 0)
            {
                errors.Add(Error("rules.empty_list", path + ".fields", $"规则“{ruleId}”：必填字段列表不能为空",
                    $"Rule '{ruleId}': the required-fields list must not be empty"));
                return null;
            }
            var ordinals = new int[required.Fields.Count];
            var ids = new string[required.Fields.Count];
            bool ok = true;
            for (int i = 0; i < ordinals.Length; i++)
            {
                var field = Resolve(required.Fields[i], $"{path}.fields[{i}]", out ordinals[i]);
                ok &= field is not null;
                ids[i] = required.Fields[i];
            }
            return ok ? new RequiredFieldsNode(ordinals, ids) : null;
        }
    }
}
