using System.Globalization;
using SalesMesh.Activities.Domain.Rules;

namespace SalesMesh.Activities.Domain.VisitRecords;

/// <summary>
/// Turns a validated visit record into rule-engine values, using the same field ids as the rule
/// JSON. Rich text is handed over as visible text, so "&lt;b&gt;ROI&lt;/b&gt;" mentions ROI.
/// </summary>
public static class VisitRecordRuleProjection
{
    /// <summary>
    /// Checks, before a rule set is published, that its catalogue gives the built-in visit-record
    /// fields the types the projection produces (a catalogue may add fields or leave some out).
    /// </summary>
    public static IReadOnlyList<DomainError> ValidateCatalogue(FieldCatalogue catalogue)
    {
        var errors = new List<DomainError>();
        foreach (var builtIn in DefaultRuleSets.VisitRecordCatalogue().Fields)
        {
            if (catalogue.Find(builtIn.Id) is { } field && (field.Type != builtIn.Type || !ValuesCover(field, builtIn)))
            {
                var type = FieldCatalogue.TypeName(builtIn.Type);
                errors.Add(new DomainError("rules.catalogue_conflicts_with_record", field.Id,
                    new($"字段“{field.Id}”必须是 {type} 类型{(builtIn.Type == FieldType.Enum ? "并包含全部取值" : "")}，以匹配拜访纪要",
                        $"Field '{field.Id}' must be of type {type}{(builtIn.Type == FieldType.Enum ? " with all its values" : "")} to match the visit record")));
            }
        }
        return errors;
    }

    private static bool ValuesCover(FieldDefinition field, FieldDefinition builtIn)
    {
        foreach (var value in builtIn.AllowedValues)
        {
            if (!field.AllowedValues.Contains(value))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Fills a (reusable) input; fields the catalogue does not know are skipped.</summary>
    public static void Fill(VisitRecord record, RuleInput input)
    {
        input.Clear();
        Set(input, "budget", RuleValue.FromText(VisitCodes.Code(record.Budget)));
        if (record.ObjectionType is { } objection)
        {
            Set(input, "objectionType", RuleValue.FromText(VisitCodes.Code(objection)));
        }
        Set(input, "biggestConcern", RuleValue.FromText(VisitCodes.Code(record.BiggestConcern)));
        Set(input, "promisedDeliverable", RuleValue.FromText(record.PromisedDeliverable?.VisibleText));
        Set(input, "nextTouchpoint.at", RuleValue.FromText(record.NextTouchpoint.At.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)));
        Set(input, "nextTouchpoint.participants", RuleValue.FromList(record.NextTouchpoint.Participants));
        Set(input, "nextTouchpoint.topic", RuleValue.FromText(record.NextTouchpoint.Topic));
        if (record.Gps is { } gps)
        {
            Set(input, "gps.latitude", RuleValue.FromNumber((decimal)gps.Latitude));
            Set(input, "gps.longitude", RuleValue.FromNumber((decimal)gps.Longitude));
        }
        Set(input, "callRecordingSummaryRef", RuleValue.FromText(record.CallRecordingSummaryRef));
        if (record.Trial is { } trial)
        {
            Set(input, "trial.accountProvided", RuleValue.FromBoolean(trial.AccountProvided));
            Set(input, "trial.startDate", RuleValue.FromText(trial.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            Set(input, "trial.endDate", RuleValue.FromText(trial.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            Set(input, "trial.clientLoginFrequency", RuleValue.FromText(trial.ClientLoginFrequency));
        }
    }

    private static void Set(RuleInput input, string field, RuleValue value)
    {
        // The projection only produces well-typed values; a catalogue that re-types a built-in
        // field is refused by ValidateCatalogue at publish time, so reaching this is a bug.
        if (input.Set(field, value) is { } error)
        {
            throw new InvalidOperationException($"Catalogue disagrees with the visit record: {error}");
        }
    }
}
