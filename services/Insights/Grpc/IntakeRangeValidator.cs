using Google.Protobuf.WellKnownTypes;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Grpc;

namespace SalesMesh.Insights.Grpc;

/// <summary>
/// The intake read model keeps one count per channel and UTC day, so it can answer exactly only
/// for ranges on UTC day boundaries; any other range is refused rather than answered approximately.
/// </summary>
public static class IntakeRangeValidator
{
    public static (DateOnly? From, DateOnly? To) Validate(TimeRange? range, string language)
    {
        if (range is null)
            return (null, null);

        var violations = new List<(string Field, string Description)>();
        var from = DayOf(range.Start, "range.start", language, violations);
        var to = DayOf(range.End, "range.end", language, violations);
        if (violations.Count == 0 && from is { } f && to is { } t && t <= f)
            violations.Add(("range.end", Text(language, "结束时间必须晚于开始时间", "The end must be after the start")));
        if (violations.Count > 0)
            throw RpcExceptions.InvalidArgument(Text(language, "统计时间范围无效。", "The time range is invalid."), [.. violations]);
        return (from, to);
    }

    private static DateOnly? DayOf(Timestamp? value, string field, string language, List<(string, string)> violations)
    {
        if (value is null)
            return null;
        if (value.Seconds is < 0 or > 253402300799 || value.Nanos != 0 || value.Seconds % 86400 != 0)
        {
            violations.Add((field, Text(language, "须为 UTC 零点（按天统计），例如 2026-11-01T00:00:00Z", "Must be midnight UTC (counts are kept per day), e.g. 2026-11-01T00:00:00Z")));
            return null;
        }
        return DateOnly.FromDateTime(value.ToDateTime());
    }

    private static string Text(string language, string zh, string en) => language == "en" ? en : zh;
}
