namespace SalesMesh.Activities.Domain.VisitRecords;

/// <summary>
/// Field-level validation of a submitted visit record (AC-3). Every problem is reported with its
/// field path (e.g. "nextTouchpoint.participants[1]", "gps.latitude"); a record with any error
/// is not created. Conditional requirements (AC-4) are the rule engine's job, not this class's.
/// </summary>
public static class VisitRecordValidator
{
    public const int PromisedDeliverableMaxLength = 300;
    public const int TopicMaxLength = 100;
    public const int ReferenceMaxLength = 200;

    /// <summary>Clock skew tolerated between a phone and the server for "visited at".</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static DomainResult<VisitRecord> Validate(VisitRecordInput input, DateTimeOffset serverNow)
    {
        var errors = new List<DomainError>();
        if (input.ClientRecordId == Guid.Empty)
        {
            errors.Add(Required("clientRecordId", "客户端记录编号", "client record id"));
        }
        var customerId = RequiredText(input.CustomerId, "customerId", "客户", "customer", errors);
        var repId = RequiredText(input.RepId, "repId", "销售", "rep", errors);

        DateTimeOffset visitedAt = default;
        if (input.VisitedAt is null)
        {
            errors.Add(Required("visitedAt", "拜访时间", "visit time"));
        }
        else
        {
            visitedAt = input.VisitedAt.Value.ToUniversalTime();
            if (visitedAt > serverNow + FutureTolerance)
            {
                errors.Add(Error("visit.in_future", "visitedAt", "拜访时间不能晚于当前时间", "The visit time cannot be in the future"));
            }
        }

        var budget = ParseEnum(VisitCodes.Budgets, input.Budget, "budget", "预算", "budget", required: true, errors);
        var objection = ParseEnum(VisitCodes.Objections, input.ObjectionType, "objectionType", "异议类型", "objection type", required: false, errors);
        var concern = ParseEnum(VisitCodes.Concerns, input.BiggestConcern, "biggestConcern", "最大顾虑", "biggest concern", required: true, errors);

        RichText? deliverable = null;
        if (!TextRules.IsBlank(input.PromisedDeliverable))
        {
            deliverable = RichText.Parse(input.PromisedDeliverable!);
            if (deliverable.Length > PromisedDeliverableMaxLength)
            {
                errors.Add(Error("visit.too_long", "promisedDeliverable",
                    $"承诺交付物最多 {PromisedDeliverableMaxLength} 个字（不含格式标记），当前 {deliverable.Length} 个字",
                    $"Promised deliverable allows at most {PromisedDeliverableMaxLength} characters (markup excluded); it has {deliverable.Length}"));
            }
        }

        var touchpoint = ValidateTouchpoint(input.NextTouchpoint, input.VisitedAt is null ? null : visitedAt, errors);
        var gps = ValidateGps(input.Gps, errors);

        string? recordingRef = null;
        if (!TextRules.IsBlank(input.CallRecordingSummaryRef))
        {
            recordingRef = TextRules.Trim(input.CallRecordingSummaryRef!);
            if (recordingRef.Length > ReferenceMaxLength)
            {
                errors.Add(Error("visit.too_long", "callRecordingSummaryRef", $"通话录音摘要引用最多 {ReferenceMaxLength} 个字符",
                    $"Call-recording summary reference allows at most {ReferenceMaxLength} characters"));
            }
        }

        var trial = ValidateTrial(input.Trial, errors);

        if (errors.Count > 0)
        {
            return DomainResult<VisitRecord>.Failure(errors);
        }
        return DomainResult<VisitRecord>.Success(new VisitRecord(input.ClientRecordId, customerId!, repId!, visitedAt,
            serverNow.ToUniversalTime(), budget!.Value, objection, concern!.Value, deliverable, touchpoint!, gps, recordingRef, trial));
    }

    private static NextTouchpoint? ValidateTouchpoint(NextTouchpointInput? input, DateTimeOffset? visitedAt, List<DomainError> errors)
    {
        if (input is null)
        {
            errors.Add(Required("nextTouchpoint", "下次触点", "next touchpoint"));
            return null;
        }
        int before = errors.Count;
        if (input.At is null)
        {
            errors.Add(Required("nextTouchpoint.at", "下次触点时间", "next touchpoint time"));
        }
        else if (visitedAt is not null && input.At.Value <= visitedAt.Value)
        {
            errors.Add(Error("visit.invalid_order", "nextTouchpoint.at", "下次触点时间必须晚于本次拜访时间",
                "The next touchpoint must be after this visit"));
        }
        var participants = new List<string>();
        if (input.Participants is null || input.Participants.Count == 0)
        {
            errors.Add(Required("nextTouchpoint.participants", "下次触点参与人", "next touchpoint participants"));
        }
        else
        {
            for (int i = 0; i < input.Participants.Count; i++)
            {
                if (TextRules.IsBlank(input.Participants[i]))
                {
                    errors.Add(Error("visit.blank", $"nextTouchpoint.participants[{i}]", "参与人姓名不能为空白", "A participant name must not be blank"));
                }
                else
                {
                    participants.Add(TextRules.Trim(input.Participants[i]));
                }
            }
        }
        var topic = RequiredText(input.Topic, "nextTouchpoint.topic", "下次触点议题", "next touchpoint topic", errors);
        if (topic is not null && TextRules.CountScalarValues(topic) > TopicMaxLength)
        {
            errors.Add(Error("visit.too_long", "nextTouchpoint.topic", $"议题最多 {TopicMaxLength} 个字", $"The topic allows at most {TopicMaxLength} characters"));
        }
        return errors.Count > before ? null : new NextTouchpoint(input.At!.Value.ToUniversalTime(), participants, topic!);
    }

    private static GeoPoint? ValidateGps(GeoPointInput? input, List<DomainError> errors)
    {
        if (input is null)
        {
            return null;
        }
        int before = errors.Count;
        CheckCoordinate(input.Latitude, "gps.latitude", 90, "纬度", "Latitude", errors);
        CheckCoordinate(input.Longitude, "gps.longitude", 180, "经度", "Longitude", errors);
        return errors.Count > before ? null : new GeoPoint(input.Latitude!.Value, input.Longitude!.Value);
    }

    private static void CheckCoordinate(double? value, string path, double limit, string zh, string en, List<DomainError> errors)
    {
        if (value is null)
        {
            errors.Add(Required(path, zh, en.ToLowerInvariant()));
        }
        else if (!double.IsFinite(value.Value) || value.Value < -limit || value.Value > limit)
        {
            errors.Add(Error("visit.out_of_range", path, $"{zh}必须在 -{limit} 到 {limit} 之间（当前 {value}）",
                $"{en} must be between -{limit} and {limit} (got {value})"));
        }
    }

    private static TrialInfo? ValidateTrial(TrialInput? input, List<DomainError> errors)
    {
        if (input is null)
        {
            return null;
        }
        if (input.StartDate is { } start && input.EndDate is { } end && end < start)
        {
            errors.Add(Error("visit.invalid_order", "trial.endDate", "试用结束日期不能早于开始日期", "The trial end date cannot be before its start date"));
        }
        var frequency = TextRules.IsBlank(input.ClientLoginFrequency) ? null : TextRules.Trim(input.ClientLoginFrequency!);
        return new TrialInfo(input.AccountProvided, input.StartDate, input.EndDate, frequency);
    }

    private static T? ParseEnum<T>(IReadOnlyList<(T Value, string Code, BilingualText Label)> table, string? code, string path,
        string zh, string en, bool required, List<DomainError> errors) where T : struct, Enum
    {
        if (TextRules.IsBlank(code))
        {
            if (required)
            {
                errors.Add(Required(path, zh, en));
            }
            return null;
        }
        if (VisitCodes.TryParse(table, TextRules.Trim(code!), out var value))
        {
            return value;
        }
        var allowed = VisitCodes.AllCodes(table);
        errors.Add(Error("visit.unknown_value", path, $"{zh}的取值“{code}”无效，可选：{string.Join("、", allowed)}",
            $"'{code}' is not a valid {en}; allowed: {string.Join(", ", allowed)}"));
        return null;
    }

    private static string? RequiredText(string? value, string path, string zh, string en, List<DomainError> errors)
    {
        if (TextRules.IsBlank(value))
        {
            errors.Add(Required(path, zh, en));
            return null;
        }
        return TextRules.Trim(value!);
    }

    private static DomainError Required(string path, string zh, string en) =>
        Error("visit.required", path, $"{zh}为必填项", $"The {en} is required");

    private static DomainError Error(string code, string path, string zh, string en) => new(code, path, new BilingualText(zh, en));
}
