using System.Globalization;

namespace SalesMesh.Activities.Domain.Rules;

/// <summary>
/// One record's field values, laid out by catalogue ordinal so compiled rules read them by index.
/// Reusable: <see cref="Clear"/> and fill again to evaluate the next record without allocating.
/// </summary>
public sealed class RuleInput
{
    private readonly RuleValue[] _values;

    internal RuleInput(FieldCatalogue catalogue)
    {
        Catalogue = catalogue;
        _values = new RuleValue[catalogue.Fields.Count];
    }

    public FieldCatalogue Catalogue { get; }

    internal ref readonly RuleValue Get(int ordinal) => ref _values[ordinal];

    public RuleValue this[string fieldId] =>
        Catalogue.TryGetOrdinal(fieldId, out var i) ? _values[i] : RuleValue.Missing;

    public void Clear() => Array.Clear(_values);

    /// <summary>
    /// Sets a value after checking it against the catalogue. Unknown field ids are ignored (an
    /// older client may send fields a newer catalogue dropped); a value of the wrong type is a
    /// specific error and leaves the input unchanged.
    /// </summary>
    public DomainError? Set(string fieldId, RuleValue value)
    {
        if (!Catalogue.TryGetOrdinal(fieldId, out var ordinal))
        {
            return null;
        }
        var definition = Catalogue.Fields[ordinal];
        var error = CheckType(definition, value);
        if (error is null)
        {
            _values[ordinal] = value;
        }
        return error;
    }

    private static DomainError? CheckType(FieldDefinition definition, RuleValue value)
    {
        if (value.Kind == RuleValueKind.Missing)
        {
            return null;
        }
        bool kindMatches = definition.Type switch
        {
            FieldType.Text or FieldType.Enum or FieldType.Date or FieldType.DateTime => value.Kind == RuleValueKind.Text,
            FieldType.Boolean => value.Kind == RuleValueKind.Boolean,
            FieldType.Number => value.Kind == RuleValueKind.Number,
            FieldType.TextList => value.Kind == RuleValueKind.TextList,
            _ => false,
        };
        if (!kindMatches)
        {
            var type = FieldCatalogue.TypeName(definition.Type);
            return new DomainError("rules.input_type_mismatch", definition.Id,
                new BilingualText($"字段“{definition.Label.Zh}”应为 {type} 类型", $"Field '{definition.Label.En}' must be of type {type}"));
        }
        if (definition.Type == FieldType.Enum && !value.IsEmpty && !Contains(definition.AllowedValues, value.TrimmedText!))
        {
            return new DomainError("rules.input_unknown_enum_value", definition.Id,
                new BilingualText($"字段“{definition.Label.Zh}”的取值“{value.Text}”不在允许范围内：{string.Join("、", definition.AllowedValues)}",
                    $"Field '{definition.Label.En}' value '{value.Text}' is not one of: {string.Join(", ", definition.AllowedValues)}"));
        }
        if (definition.Type == FieldType.Date && !value.IsEmpty &&
            !DateOnly.TryParseExact(value.TrimmedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return new DomainError("rules.input_bad_date", definition.Id,
                new BilingualText($"字段“{definition.Label.Zh}”应为日期 YYYY-MM-DD", $"Field '{definition.Label.En}' must be a date YYYY-MM-DD"));
        }
        if (definition.Type == FieldType.DateTime && !value.IsEmpty &&
            !DateTimeOffset.TryParseExact(value.TrimmedText, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return new DomainError("rules.input_bad_datetime", definition.Id,
                new BilingualText($"字段“{definition.Label.Zh}”应为带时区的时间 YYYY-MM-DDTHH:mm:ss±hh:mm",
                    $"Field '{definition.Label.En}' must be a date-time YYYY-MM-DDTHH:mm:ss with offset"));
        }
        return null;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
