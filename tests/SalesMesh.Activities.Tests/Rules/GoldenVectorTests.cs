using System.Text.Json;
using System.Text.Json.Nodes;
using SalesMesh.Activities.Domain.Rules;
using SalesMesh.Activities.Domain.VisitRecords;

namespace SalesMesh.Activities.Tests.Rules;

/// <summary>
/// The golden vectors are the parity contract with offline clients: a TypeScript evaluator runs
/// the same file and must produce the same violations.
/// </summary>
public sealed class GoldenVectorTests
{
    private static readonly string VectorPath = Path.Combine(AppContext.BaseDirectory, "RuleVectors", "rule-vectors.json");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(VectorPath));
        foreach (var suite in doc.RootElement.GetProperty("suites").EnumerateArray())
        {
            foreach (var testCase in suite.GetProperty("cases").EnumerateArray())
            {
                data.Add(suite.GetProperty("name").GetString()!, testCase.GetProperty("name").GetString()!);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluator_produces_exactly_the_expected_violations(string suiteName, string caseName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(VectorPath));
        var suite = doc.RootElement.GetProperty("suites").EnumerateArray().Single(s => s.GetProperty("name").GetString() == suiteName);
        var testCase = suite.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == caseName);

        var compiled = RuleSetJson.ReadAndCompile(suite.GetProperty("ruleSet").GetRawText());
        Assert.True(compiled.IsSuccess, string.Join("; ", compiled.Errors));
        var input = RuleInputJson.Read(compiled.Value, testCase.GetProperty("record"));
        Assert.True(input.IsSuccess, string.Join("; ", input.Errors));

        var actual = compiled.Value.Evaluate(input.Value).Violations
            .Select(v => new { v.RuleId, Fields = string.Join(",", v.Fields), ConditionFields = string.Join(",", v.ConditionFields) })
            .ToList();
        var expected = testCase.GetProperty("expectedViolations").EnumerateArray()
            .Select(v => new
            {
                RuleId = v.GetProperty("ruleId").GetString()!,
                Fields = string.Join(",", v.GetProperty("fields").EnumerateArray().Select(f => f.GetString())),
                ConditionFields = string.Join(",", v.GetProperty("conditionFields").EnumerateArray().Select(f => f.GetString())),
            })
            .ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_violation_carries_the_bilingual_message_of_its_rule()
    {
        var compiled = RuleSetCompiler.Compile(DefaultRuleSets.VisitRecordDefaults()).Value;
        var input = compiled.CreateInput();
        Assert.Null(input.Set("trial.accountProvided", RuleValue.FromBoolean(true)));

        var violation = Assert.Single(compiled.Evaluate(input).Violations);

        Assert.Equal("visit-record", violation.RuleSetId);
        Assert.Equal(1, violation.RuleSetVersion);
        Assert.Contains("试用开始日期", violation.Message.Zh);
        Assert.Contains("trial start date", violation.Message.En);
    }

    [Fact]
    public void The_vector_file_ships_exactly_the_default_rule_set()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(VectorPath));
        var inFile = JsonNode.Parse(doc.RootElement.GetProperty("suites")[0].GetProperty("ruleSet").GetRawText());
        var shipped = JsonNode.Parse(RuleSetJson.Write(DefaultRuleSets.VisitRecordDefaults()));

        Assert.True(JsonNode.DeepEquals(inFile, shipped), "rule-vectors.json's default rule set differs from DefaultRuleSets:\n" + shipped);
    }

    [Fact]
    public void Rich_text_vectors_give_the_documented_visible_text_and_length()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(VectorPath));
        foreach (var item in doc.RootElement.GetProperty("richText").EnumerateArray())
        {
            var parsed = RichText.Parse(item.GetProperty("markup").GetString()!);
            Assert.Equal(item.GetProperty("visibleText").GetString(), parsed.VisibleText);
            Assert.Equal(item.GetProperty("length").GetInt32(), parsed.Length);
        }
    }
}
