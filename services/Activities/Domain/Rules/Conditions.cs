namespace SalesMesh.Activities.Domain.Rules;

/// <summary>
/// The rule language (data, not code). A condition is a group (<see cref="AllOf"/>,
/// <see cref="AnyOf"/>) or a single check on one or more catalogued fields. The same grammar is
/// used for a rule's "when" (does the rule apply?) and "then" (what must hold?).
/// </summary>
public abstract record Condition;

/// <summary>True when every child is true (an empty list is refused by validation).</summary>
public sealed record AllOf(IReadOnlyList<Condition> Conditions) : Condition;

/// <summary>True when at least one child is true (an empty list is refused by validation).</summary>
public sealed record AnyOf(IReadOnlyList<Condition> Conditions) : Condition;

/// <summary>Field present and equal to the value (text: trimmed, case-sensitive ordinal).</summary>
public sealed record FieldEquals(string Field, RuleValue Value) : Condition;

/// <summary>Field present and equal to one of the values.</summary>
public sealed record FieldIn(string Field, IReadOnlyList<RuleValue> Values) : Condition;

/// <summary>Field missing, blank text, or a list without a non-blank element.</summary>
public sealed record FieldEmpty(string Field) : Condition;

/// <summary>Negation of <see cref="FieldEmpty"/>.</summary>
public sealed record FieldNotEmpty(string Field) : Condition;

/// <summary>Text (or any list element) contains one of the keywords; A–Z compared case-insensitively.</summary>
public sealed record ContainsAnyKeyword(string Field, IReadOnlyList<string> Keywords) : Condition;

/// <summary>Text is at most Max Unicode scalar values long; a missing value counts as length 0.</summary>
public sealed record MaxLength(string Field, int Max) : Condition;

/// <summary>Every listed field is not empty; a violation names exactly the empty ones.</summary>
public sealed record RequiredFields(IReadOnlyList<string> Fields) : Condition;

/// <summary>
/// "When <see cref="When"/> holds (or always, if null), <see cref="Then"/> must hold."
/// Disabled rules stay in the set (for history) but are never evaluated.
/// </summary>
public sealed record Rule(string Id, BilingualText Message, Condition? When, Condition Then, bool Enabled = true);

/// <summary>A versioned, self-contained rule set: the field catalogue travels with the rules.</summary>
public sealed record RuleSet(string Id, int Version, FieldCatalogue Catalogue, IReadOnlyList<Rule> Rules);
