using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Rules;

namespace SalesMesh.Activities.Tests.Rules;

public sealed class RuleSetValidationTests
{
    private static RuleSet WithRules(params Rule[] rules) =>
        DefaultRuleSets.VisitRecordDefaults() with { Rules = rules };

    private static Rule RuleThen(Condition then, string id = "r1", Condition? when = null) =>
        new(id, new BilingualText("提示", "message"), when, then);

    [Fact]
    public void A_rule_naming_a_field_outside_the_catalogue_is_refused_with_the_field_and_path()
    {
        var result = RuleSetCompiler.Compile(WithRules(
            RuleThen(new RequiredFields(["trial.startDate", "trial.loginCount"]))));

        var error = Assert.Single(result.Errors);
        Assert.Equal("rules.unknown_field", error.Code);
        Assert.Equal("rules[0].then.fields[1]", error.Path);
        Assert.Contains("trial.loginCount", error.Message.Zh);
        Assert.Contains("trial.loginCount", error.Message.En);
    }

    [Fact]
    public void Unknown_fields_in_when_and_nested_groups_are_all_reported()
    {
        var result = RuleSetCompiler.Compile(WithRules(RuleThen(
            when: new AllOf([new FieldEquals("budget", RuleValue.FromText("unconfirmed")), new FieldNotEmpty("customer.size")]),
            then: new AnyOf([new FieldNotEmpty("promisedDeliverable"), new FieldNotEmpty("nextStep")]))));

        Assert.Equal(["rules[0].when.all[1].field", "rules[0].then.any[1].field"], result.Errors.Select(e => e.Path));
        Assert.All(result.Errors, e => Assert.Equal("rules.unknown_field", e.Code));
    }

    [Fact]
    public void An_enum_comparison_with_an_undeclared_value_is_refused()
    {
        var result = RuleSetCompiler.Compile(WithRules(RuleThen(
            when: new FieldEquals("biggestConcern", RuleValue.FromText("tooExpensive")),
            then: new FieldNotEmpty("promisedDeliverable"))));

        var error = Assert.Single(result.Errors);
        Assert.Equal("rules.enum_value_unknown", error.Code);
        Assert.Contains("budgetInsufficient", error.Message.En);
    }

    [Fact]
    public void Operators_are_checked_against_field_types()
    {
        var result = RuleSetCompiler.Compile(WithRules(
            RuleThen(new MaxLength("trial.accountProvided", 3), "a"),
            RuleThen(new ContainsAnyKeyword("gps.latitude", ["x"]), "b"),
            RuleThen(new FieldEquals("trial.accountProvided", RuleValue.FromText("yes")), "c")));

        Assert.Equal(["rules.operator_not_applicable", "rules.operator_not_applicable", "rules.value_type_mismatch"],
            result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Structural_mistakes_each_get_their_own_error()
    {
        var result = RuleSetCompiler.Compile(DefaultRuleSets.VisitRecordDefaults() with
        {
            Version = 0,
            Rules =
            [
                RuleThen(new AllOf([]), "dup"),
                RuleThen(new ContainsAnyKeyword("promisedDeliverable", ["ROI", " "]), "dup"),
                new Rule("r3", new BilingualText("", "en only"), null, new MaxLength("promisedDeliverable", -1)),
            ],
        });

        Assert.Equal(
            ["rules.invalid_version", "rules.empty_group", "rules.duplicate_rule_id", "rules.blank_keyword", "rules.blank_message", "rules.negative_max_length"],
            result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void The_catalogue_itself_is_validated()
    {
        var catalogue = new FieldCatalogue(
        [
            new FieldDefinition("a", FieldType.Enum, new BilingualText("甲", "A")),
            new FieldDefinition("a", FieldType.Text, new BilingualText("甲", "A")),
        ]);
        var result = RuleSetCompiler.Compile(new RuleSet("s", 1, catalogue, []));

        Assert.Equal(["rules.enum_without_values", "rules.duplicate_field"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Json_round_trip_is_canonical()
    {
        var json = RuleSetJson.Write(DefaultRuleSets.VisitRecordDefaults());
        var read = RuleSetJson.Read(json);

        Assert.True(read.IsSuccess, string.Join("; ", read.Errors));
        Assert.Equal(json, RuleSetJson.Write(read.Value));
        Assert.Contains("成本分析", json); // readable Chinese, not \u escapes
    }

    [Fact]
    public void Json_with_an_unknown_field_reference_is_refused_after_download()
    {
        var json = RuleSetJson.Write(DefaultRuleSets.VisitRecordDefaults());
        int last = json.LastIndexOf("\"trial.endDate\"", StringComparison.Ordinal); // the reference inside the rule
        json = json[..last] + "\"trial.finishDate\"" + json[(last + "\"trial.endDate\"".Length)..];

        var result = RuleSetJson.ReadAndCompile(json);

        var error = Assert.Single(result.Errors);
        Assert.Equal("rules.unknown_field", error.Code);
        Assert.Equal("rules[0].then.fields[1]", error.Path);
    }

    [Theory]
    [InlineData("{", "rules.json_malformed", "")]
    [InlineData("""{"format":"other/v9","ruleSetId":"s","version":1,"fields":[],"rules":[]}""", "rules.unsupported_format", "format")]
    [InlineData("""{"format":"salesmesh.activities.rules/v1","ruleSetId":"s","version":1,"fields":[],"rules":[],"extra":1}""", "rules.json_unknown_property", "extra")]
    [InlineData("""{"format":"salesmesh.activities.rules/v1","ruleSetId":"s","version":1,"fields":[{"id":"f","type":"money","label":{"zh":"字","en":"f"}}],"rules":[]}""", "rules.unknown_field_type", "fields[0].type")]
    [InlineData("""{"format":"salesmesh.activities.rules/v1","ruleSetId":"s","version":1,"fields":[],"rules":[{"id":"r","message":{"zh":"甲","en":"a"},"then":{"field":"f","op":"startsWith"}}]}""", "rules.unknown_operator", "rules[0].then.op")]
    [InlineData("""{"format":"salesmesh.activities.rules/v1","ruleSetId":"s","version":"2","fields":[],"rules":[]}""", "rules.json_type", "version")]
    [InlineData("""{"format":"salesmesh.activities.rules/v1","ruleSetId":"s","version":1,"fields":[],"rules":[{"id":"r","message":{"zh":"甲","en":"a"}}]}""", "rules.json_missing", "rules[0].then")]
    public void Malformed_json_gets_a_specific_error_with_a_path(string json, string code, string path)
    {
        var result = RuleSetJson.Read(json);

        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Record_values_of_the_wrong_type_are_rejected_not_guessed()
    {
        var compiled = RuleSetCompiler.Compile(DefaultRuleSets.VisitRecordDefaults()).Value;
        using var doc = System.Text.Json.JsonDocument.Parse("""{"trial.accountProvided":"yes","budget":"lots","trial.startDate":"20.11.2026"}""");

        var result = RuleInputJson.Read(compiled, doc.RootElement);

        Assert.Equal(["rules.input_type_mismatch", "rules.input_unknown_enum_value", "rules.input_bad_date"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Versions_advance_by_exactly_one()
    {
        var v1 = DefaultRuleSets.VisitRecordDefaults();

        Assert.True(RuleSetVersioning.PrepareNext(null, v1).IsSuccess);
        Assert.True(RuleSetVersioning.PrepareNext(v1, v1 with { Version = 2 }).IsSuccess);
        Assert.Equal("rules.version_not_next", Assert.Single(RuleSetVersioning.PrepareNext(v1, v1).Errors).Code);
        Assert.Equal("rules.version_not_next", Assert.Single(RuleSetVersioning.PrepareNext(v1, v1 with { Version = 3 }).Errors).Code);
        Assert.Equal("rules.rule_set_mismatch", Assert.Single(RuleSetVersioning.PrepareNext(v1, v1 with { Id = "x", Version = 2 }).Errors).Code);
        Assert.True(RuleSetVersioning.IsStale(1, 2));
    }
}
