using System.Globalization;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.VisitRecords;
using SalesMesh.Activities.Grpc;
using SalesMesh.Contracts.Common.V1;
using Api = SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.VisitRecords;

/// <summary>Wire content → domain input → stored row → wire record.</summary>
public static class VisitRecordMapping
{
    /// <summary>What the wire content parses to: the domain input plus the ids, or the parse problems (bad UUIDs, dates).</summary>
    public sealed record Parsed(VisitRecordInput Input, Guid? CustomerId, Guid? OpportunityId, IReadOnlyList<FieldProblem> Problems);

    public static Parsed Parse(Guid clientRecordId, Api.VisitRecordContent? content, string repUserId)
    {
        content ??= new Api.VisitRecordContent();
        var problems = new List<FieldProblem>();
        var customerId = OptionalId(content.CustomerId?.Value, "customerId.value", problems);
        var opportunityId = OptionalId(content.OpportunityId?.Value, "opportunityId.value", problems);
        TrialInput? trial = null;
        if (content.Trial is { } t)
        {
            trial = new TrialInput(t.AccountProvided, OptionalDate(t.StartDate, "trial.startDate", problems),
                OptionalDate(t.EndDate, "trial.endDate", problems), Optional(t.ClientLoginFrequency));
        }
        var input = new VisitRecordInput
        {
            ClientRecordId = clientRecordId,
            CustomerId = customerId?.ToString(),
            RepId = repUserId,
            VisitedAt = content.VisitTime?.ToDateTimeOffset(),
            Budget = Optional(content.Budget),
            ObjectionType = Optional(content.ObjectionType),
            BiggestConcern = Optional(content.BiggestConcern),
            PromisedDeliverable = Optional(content.PromisedDeliverable),
            NextTouchpoint = content.NextTouchpoint is { } tp
                ? new NextTouchpointInput(tp.Time?.ToDateTimeOffset(), [.. tp.Participants], Optional(tp.Topic))
                : null,
            Gps = content.Gps is { } gps ? new GeoPointInput(gps.Latitude, gps.Longitude) : null,
            CallRecordingSummaryRef = Optional(content.CallRecordingSummaryRef),
            Trial = trial,
        };
        return new Parsed(input, customerId, opportunityId, problems);
    }

    /// <summary>Copies a validated record's content onto a row (new or a new version of an existing one).</summary>
    public static void Apply(StoredVisitRecord row, VisitRecord record, Guid? opportunityId)
    {
        row.OpportunityId = opportunityId;
        row.VisitedAt = record.VisitedAt;
        row.Budget = VisitCodes.Code(record.Budget);
        row.ObjectionType = record.ObjectionType is { } objection ? VisitCodes.Code(objection) : null;
        row.BiggestConcern = VisitCodes.Code(record.BiggestConcern);
        row.PromisedDeliverable = record.PromisedDeliverable?.Markup;
        row.PromisedDeliverableText = record.PromisedDeliverable?.VisibleText;
        row.NextTouchpointAt = record.NextTouchpoint.At;
        row.NextTouchpointParticipants = [.. record.NextTouchpoint.Participants];
        row.NextTouchpointTopic = record.NextTouchpoint.Topic;
        row.GpsLatitude = record.Gps?.Latitude;
        row.GpsLongitude = record.Gps?.Longitude;
        row.CallRecordingSummaryRef = record.CallRecordingSummaryRef;
        row.TrialAccountProvided = record.Trial?.AccountProvided;
        row.TrialStartDate = record.Trial?.StartDate;
        row.TrialEndDate = record.Trial?.EndDate;
        row.TrialClientLoginFrequency = record.Trial?.ClientLoginFrequency;
    }

    /// <summary>The record's non-empty fields as playbook field values (a visit for an opportunity fills its gate fields).</summary>
    public static IEnumerable<KeyValuePair<string, string>> PlaybookFields(StoredVisitRecord row)
    {
        var values = new Dictionary<string, string?>
        {
            ["budget"] = row.Budget,
            ["objectionType"] = row.ObjectionType,
            ["biggestConcern"] = row.BiggestConcern,
            ["promisedDeliverable"] = row.PromisedDeliverableText,
            ["nextTouchpoint.at"] = row.NextTouchpointAt.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            ["nextTouchpoint.participants"] = string.Join("、", row.NextTouchpointParticipants),
            ["nextTouchpoint.topic"] = row.NextTouchpointTopic,
            ["callRecordingSummaryRef"] = row.CallRecordingSummaryRef,
            ["trial.startDate"] = row.TrialStartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["trial.endDate"] = row.TrialEndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["trial.clientLoginFrequency"] = row.TrialClientLoginFrequency,
        };
        return values.Where(v => !TextRules.IsBlank(v.Value)).Select(v => new KeyValuePair<string, string>(v.Key, v.Value!));
    }

    public static Api.VisitRecord ToApi(StoredVisitRecord row, IEnumerable<AutomaticFlagRecord> flags)
    {
        var content = new Api.VisitRecordContent
        {
            CustomerId = new CustomerId { Value = row.CustomerId.ToString() },
            VisitTime = ProtoConversions.Time(row.VisitedAt),
            Budget = row.Budget,
            ObjectionType = row.ObjectionType ?? "",
            BiggestConcern = row.BiggestConcern,
            PromisedDeliverable = row.PromisedDeliverable ?? "",
            NextTouchpoint = new Api.NextTouchpoint { Time = ProtoConversions.Time(row.NextTouchpointAt), Topic = row.NextTouchpointTopic },
            CallRecordingSummaryRef = row.CallRecordingSummaryRef ?? "",
        };
        content.NextTouchpoint.Participants.AddRange(row.NextTouchpointParticipants);
        if (row.OpportunityId is { } opportunityId)
        {
            content.OpportunityId = new OpportunityId { Value = opportunityId.ToString() };
        }
        if (row.GpsLatitude is { } latitude && row.GpsLongitude is { } longitude)
        {
            content.Gps = new Api.GeoPoint { Latitude = latitude, Longitude = longitude };
        }
        if (row.TrialAccountProvided is { } provided)
        {
            content.Trial = new Api.TrialInfo
            {
                AccountProvided = provided,
                StartDate = row.TrialStartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                EndDate = row.TrialEndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                ClientLoginFrequency = row.TrialClientLoginFrequency ?? "",
            };
        }
        var api = new Api.VisitRecord
        {
            VisitRecordId = new Api.VisitRecordId { Value = row.Id.ToString() },
            ClientRecordId = row.ClientRecordId.ToString(),
            RepUserId = new UserId { Value = row.RepUserId },
            Content = content,
            PromisedDeliverableText = row.PromisedDeliverableText ?? "",
            RecordTime = ProtoConversions.Time(row.RecordedAt),
            UpdateTime = ProtoConversions.Time(row.UpdatedAt),
            Version = row.Version,
            RuleSetId = row.RuleSetId,
            RuleSetVersion = row.RuleSetVersion,
            Exemplary = row.Exemplary,
            ExemplaryMarkedBy = row.ExemplaryMarkedBy ?? "",
            ExemplaryNote = row.ExemplaryNote ?? "",
        };
        api.Flags.AddRange(flags.Select(Flags.FlagMapping.ToApi));
        return api;
    }

    private static string? Optional(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static Guid? OptionalId(string? value, string field, List<FieldProblem> problems)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (Guid.TryParse(value, out var id))
        {
            return id;
        }
        problems.Add(new FieldProblem(field, new($"{field} 必须是有效的 UUID", $"{field} must be a valid UUID"), "invalid_id"));
        return null;
    }

    private static DateOnly? OptionalDate(string? value, string field, List<FieldProblem> problems)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        problems.Add(new FieldProblem(field, new("日期格式必须是 YYYY-MM-DD", "The date must be YYYY-MM-DD"), "visit.bad_date"));
        return null;
    }
}
