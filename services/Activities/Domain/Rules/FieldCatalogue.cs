namespace SalesMesh.Activities.Domain.Rules;

/// <summary>The value kinds a catalogued field can hold (JSON names in brackets).</summary>
public enum FieldType
{
    /// <summary>[text] a JSON string.</summary>
    Text,
    /// <summary>[enum] a JSON string that must be one of the field's declared values.</summary>
    Enum,
    /// <summary>[boolean] JSON true / false.</summary>
    Boolean,
    /// <summary>[number] a JSON number.</summary>
    Number,
    /// <summary>[date] a JSON string "YYYY-MM-DD".</summary>
    Date,
    /// <summary>[dateTime] a JSON string, ISO-8601 with an offset, e.g. "2026-11-23T10:00:00+08:00".</summary>
    DateTime,
    /// <summary>[textList] a JSON array of strings.</summary>
    TextList,
}

/// <summary>One field rules may talk about. Ids are dotted paths matching visit-record field paths.</summary>
public sealed record FieldDefinition(string Id, FieldType Type, BilingualText Label, IReadOnlyList<string> AllowedValues)
{
    public FieldDefinition(string id, FieldType type, BilingualText label) : this(id, type, label, []) { }
}

/// <summary>
/// The field catalogue is data (it ships inside the rule-set JSON): a rule naming a field that is
/// not in it is refused when the rule set is validated, not silently ignored at run time.
/// </summary>
public sealed class FieldCatalogue
{
    private readonly Dictionary<string, int> _ordinals;

    public FieldCatalogue(IReadOnlyList<FieldDefinition> fields)
    {
        Fields = fields;
        _ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < fields.Count; i++)
        {
            // First definition wins; duplicates are reported by RuleSetCompiler.
            _ordinals.TryAdd(fields[i].Id, i);
        }
    }

    public IReadOnlyList<FieldDefinition> Fields { get; }

    public bool TryGetOrdinal(string fieldId, out int ordinal) => _ordinals.TryGetValue(fieldId, out ordinal);

    public FieldDefinition? Find(string fieldId) => _ordinals.TryGetValue(fieldId, out var i) ? Fields[i] : null;

    internal static string TypeName(FieldType type) => type switch
    {
        FieldType.Text => "text",
        FieldType.Enum => "enum",
        FieldType.Boolean => "boolean",
        FieldType.Number => "number",
        FieldType.Date => "date",
        FieldType.DateTime => "dateTime",
        FieldType.TextList => "textList",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    internal static FieldType? ParseTypeName(string name) => name switch
    {
        "text" => FieldType.Text,
        "enum" => FieldType.Enum,
        "boolean" => FieldType.Boolean,
        "number" => FieldType.Number,
        "date" => FieldType.Date,
        "dateTime" => FieldType.DateTime,
        "textList" => FieldType.TextList,
        _ => null,
    };
}
