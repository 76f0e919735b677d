namespace SalesMesh.Activities.Domain.Rules;

public enum RuleValueKind
{
    Missing,
    Text,
    Boolean,
    Number,
    TextList,
}

/// <summary>
/// A field value as the rule engine sees it. Trimmed text and blankness are computed once when the
/// value is created so that evaluating many rules against it does no further work or allocation.
/// Text values of rich-text fields must already be the visible text (markup removed).
/// </summary>
public readonly struct RuleValue
{
    private RuleValue(RuleValueKind kind, string? text, bool boolean, decimal number, string[]? list, bool isEmpty)
    {
        Kind = kind;
        Text = text;
        TrimmedText = text is null ? null : TextRules.Trim(text);
        ScalarLength = text is null ? 0 : TextRules.CountScalarValues(text);
        Boolean = boolean;
        Number = number;
        List = list;
        _isEmptyValue = isEmpty;
    }

    // default(RuleValue) is Missing, so emptiness of a missing value must not depend on a stored flag.
    private readonly bool _isEmptyValue;

    public RuleValueKind Kind { get; }
    public string? Text { get; }
    public string? TrimmedText { get; }

    /// <summary>Text length in Unicode scalar values (see <see cref="TextRules.CountScalarValues"/>).</summary>
    public int ScalarLength { get; }
    public bool Boolean { get; }
    public decimal Number { get; }
    public string[]? List { get; }

    /// <summary>Missing, blank text, or a list with no non-blank element. Booleans and numbers are never empty.</summary>
    public bool IsEmpty => Kind == RuleValueKind.Missing || _isEmptyValue;

    public static RuleValue Missing => default;

    public static RuleValue FromText(string? text) =>
        text is null ? Missing : new RuleValue(RuleValueKind.Text, text, false, 0, null, TextRules.IsBlank(text));

    public static RuleValue FromBoolean(bool value) => new(RuleValueKind.Boolean, null, value, 0, null, false);

    public static RuleValue FromNumber(decimal value) => new(RuleValueKind.Number, null, false, value, null, false);

    public static RuleValue FromList(IEnumerable<string>? items)
    {
        if (items is null)
        {
            return Missing;
        }
        var array = items.ToArray();
        bool empty = true;
        foreach (var item in array)
        {
            if (!TextRules.IsBlank(item))
            {
                empty = false;
                break;
            }
        }
        return new RuleValue(RuleValueKind.TextList, null, false, 0, array, empty);
    }

    public override string ToString() => Kind switch
    {
        RuleValueKind.Missing => "(missing)",
        RuleValueKind.Text => Text!,
        RuleValueKind.Boolean => Boolean ? "true" : "false",
        RuleValueKind.Number => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "[" + string.Join(", ", List!) + "]",
    };
}
