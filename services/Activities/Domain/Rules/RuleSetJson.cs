using System.Text.Encodings.Web;
using System.Text.Json;

namespace SalesMesh.Activities.Domain.Rules;

/// <summary>
/// The documented JSON form of a rule set (format "salesmesh.activities.rules/v1", see
/// services/Activities/README.md "Rule language"). Reading is strict: unknown properties,
/// wrong JSON types and malformed nodes are errors with a path. Writing is canonical (fixed
/// property order), so the same rule set always serializes to the same bytes.
/// </summary>
public static class RuleSetJson
{
    public const string Format = "salesmesh.activities.rules/v1";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Keep Chinese readable in the downloaded file; the output is data, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(RuleSet ruleSet)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            Write(writer, ruleSet);
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, RuleSet ruleSet)
    {
        writer.WriteStartObject();
        writer.WriteString("format", Format);
        writer.WriteString("ruleSetId", ruleSet.Id);
        writer.WriteNumber("version", ruleSet.Version);
        writer.WriteStartArray("fields");
        foreach (var field in ruleSet.Catalogue.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString("id", field.Id);
            writer.WriteString("type", FieldCatalogue.TypeName(field.Type));
            WriteText(writer, "label", field.Label);
            if (field.Type == FieldType.Enum)
            {
                WriteStrings(writer, "values", field.AllowedValues);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("rules");
        foreach (var rule in ruleSet.Rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Id);
            writer.WriteBoolean("enabled", rule.Enabled);
            WriteText(writer, "message", rule.Message);
            if (rule.When is not null)
            {
                writer.WritePropertyName("when");
                WriteCondition(writer, rule.When);
            }
            writer.WritePropertyName("then");
            WriteCondition(writer, rule.Then);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string name, BilingualText text)
    {
        writer.WriteStartObject(name);
        writer.WriteString("zh", text.Zh);
        writer.WriteString("en", text.En);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, RuleValue value)
    {
        switch (value.Kind)
        {
            case RuleValueKind.Text: writer.WriteStringValue(value.Text); break;
            case RuleValueKind.Boolean: writer.WriteBooleanValue(value.Boolean); break;
            case RuleValueKind.Number: writer.WriteNumberValue(value.Number); break;
            default: throw new InvalidOperationException($"A rule operand cannot be {value.Kind}.");
        }
    }

    private static void WriteCondition(Utf8JsonWriter writer, Condition condition)
    {
        writer.WriteStartObject();
        switch (condition)
        {
            case AllOf all:
                WriteGroup(writer, "all", all.Conditions);
                break;
            case AnyOf any:
                WriteGroup(writer, "any", any.Conditions);
                break;
            case FieldEquals eq:
                WriteLeaf(writer, eq.Field, "equals");
                writer.WritePropertyName("value");
                WriteValue(writer, eq.Value);
                break;
            case FieldIn @in:
                WriteLeaf(writer, @in.Field, "in");
                writer.WriteStartArray("values");
                foreach (var value in @in.Values)
                {
                    WriteValue(writer, value);
                }
                writer.WriteEndArray();
                break;
            case FieldEmpty empty:
                WriteLeaf(writer, empty.Field, "empty");
                break;
            case FieldNotEmpty notEmpty:
                WriteLeaf(writer, notEmpty.Field, "notEmpty");
                break;
            case ContainsAnyKeyword contains:
                WriteLeaf(writer, contains.Field, "containsAnyKeyword");
                WriteStrings(writer, "keywords", contains.Keywords);
                break;
            case MaxLength max:
                WriteLeaf(writer, max.Field, "maxLength");
                writer.WriteNumber("max", max.Max);
                break;
            case RequiredFields required:
                writer.WriteString("op", "requiredFields");
                WriteStrings(writer, "fields", required.Fields);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(condition), condition.GetType().Name);
        }
        writer.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter writer, string name, IReadOnlyList<Condition> children)
    {
        writer.WriteStartArray(name);
        foreach (var child in children)
        {
            WriteCondition(writer, child);
        }
        writer.WriteEndArray();
    }

    private static void WriteLeaf(Utf8JsonWriter writer, string field, string op)
    {
        writer.WriteString("field", field);
        writer.WriteString("op", op);
    }

    /// <summary>Parses the JSON form. Structural errors are reported; rule semantics are checked by <see cref="RuleSetCompiler"/>.</summary>
    public static DomainResult<RuleSet> Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return DomainResult<RuleSet>.Failure(RuleSetCompiler.Error("rules.json_malformed", "",
                $"规则集不是有效的 JSON：{ex.Message}", $"The rule set is not valid JSON: {ex.Message}"));
        }
        using (document)
        {
            return Read(document.RootElement);
        }
    }

    public static DomainResult<RuleSet> Read(JsonElement root)
    {
        var reader = new JsonRuleReader();
        var ruleSet = reader.ReadRuleSet(root);
        return reader.Errors.Count > 0 || ruleSet is null
            ? DomainResult<RuleSet>.Failure(reader.Errors)
            : DomainResult<RuleSet>.Success(ruleSet);
    }

    /// <summary>Reads and compiles in one step: what a client does with a downloaded rule set.</summary>
    public static DomainResult<CompiledRuleSet> ReadAndCompile(string json)
    {
        var read = Read(json);
        return read.IsSuccess ? RuleSetCompiler.Compile(read.Value) : DomainResult<CompiledRuleSet>.Failure(read.Errors);
    }
}
