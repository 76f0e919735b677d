using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Scheduling;

/// <summary>
/// Weekly working hours in a time zone (default Asia/Shanghai), with closed dates (法定节假日).
/// Used for rep shifts (routing) and for SLA business hours (due-time computation).
/// All inputs and outputs are UTC instants; only the schedule itself is local.
/// </summary>
public sealed record WeeklySchedule(IReadOnlyList<WorkingWindow> Windows, string TimeZoneId = ShanghaiTime.ZoneId)
{
    /// <summary>Local dates on which nothing is open, whatever the weekday (public holidays).</summary>
    public IReadOnlySet<DateOnly> ClosedDates { get; init; } = new HashSet<DateOnly>();

    /// <summary>Mon–Fri 09:00–12:00 and 13:00–18:00 — the common Chinese office day with a lunch break.</summary>
    public static WeeklySchedule OfficeHours { get; } = Weekdays(("09:00", "12:00"), ("13:00", "18:00"));

    public static WeeklySchedule Weekdays(params (string Start, string End)[] hours) =>
        new([.. from day in (DayOfWeek[])[DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]
                from h in hours
                select WorkingWindow.Of(day, h.Start, h.End)]);

    public static WeeklySchedule AllDays(params (string Start, string End)[] hours) =>
        new([.. from day in Enum.GetValues<DayOfWeek>() from h in hours select WorkingWindow.Of(day, h.Start, h.End)]);

    public TimeZoneInfo Zone => TimeZoneId == ShanghaiTime.ZoneId ? ShanghaiTime.Zone : TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public bool IsOpenAt(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, Zone);
        var date = DateOnly.FromDateTime(local);
        if (ClosedDates.Contains(date))
            return false;
        var time = local.TimeOfDay;
        return Windows.Any(w => w.Day == local.DayOfWeek && w.Start <= time && time < w.End);
    }

    /// <summary>
    /// The instant at which <paramref name="duration"/> of working time has elapsed after
    /// <paramref name="start"/>: closed hours, weekends and closed dates do not count. A lead assigned
    /// Friday 17:45 with 30 min to view is due Monday 09:15. Exactly at a window's end counts as in time
    /// (due 18:00, not next morning).
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(duration), "Duration cannot be negative.");
        if (duration == TimeSpan.Zero)
            return start;
        EnsureHasOpenTime();

        var zone = Zone;
        var cursor = TimeZoneInfo.ConvertTimeFromUtc(start.UtcDateTime, zone);
        var remaining = duration;
        for (var day = cursor.Date; ; day = day.AddDays(1))
        {
            if (ClosedDates.Contains(DateOnly.FromDateTime(day)))
                continue;
            foreach (var window in Windows.Where(w => w.Day == day.DayOfWeek).OrderBy(w => w.Start))
            {
                var windowEnd = day + window.End;
                var from = Max(day + window.Start, cursor);
                if (from >= windowEnd)
                    continue;
                var available = windowEnd - from;
                if (remaining <= available)
                    return ToUtc(from + remaining, zone);
                remaining -= available;
            }
            cursor = day.AddDays(1);
        }
    }

    /// <summary>The first open instant at or after <paramref name="instant"/>.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset instant)
    {
        if (IsOpenAt(instant))
            return instant;
        EnsureHasOpenTime();
        var zone = Zone;
        var cursor = TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, zone);
        for (var day = cursor.Date; ; day = day.AddDays(1))
        {
            if (ClosedDates.Contains(DateOnly.FromDateTime(day)))
                continue;
            foreach (var window in Windows.Where(w => w.Day == day.DayOfWeek).OrderBy(w => w.Start))
            {
                var from = Max(day + window.Start, cursor);
                if (from < day + window.End)
                    return ToUtc(from, zone);
            }
        }
    }

    /// <summary>Field violations of this schedule; <paramref name="path"/> prefixes every field path.</summary>
    public IReadOnlyList<FieldViolation> Validate(string path)
    {
        var violations = new List<FieldViolation>();
        try
        {
            _ = Zone;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            violations.Add(new FieldViolation($"{path}.timeZoneId", "UNKNOWN_TIME_ZONE",
                new LocalizedText($"未知时区“{TimeZoneId}”", $"Unknown time zone '{TimeZoneId}'")));
        }
        if (Windows.Count == 0)
            violations.Add(new FieldViolation($"{path}.windows", "NO_WORKING_HOURS",
                new LocalizedText("至少需要一个工作时段", "At least one working window is required")));

        for (var i = 0; i < Windows.Count; i++)
        {
            var w = Windows[i];
            if (w.Start < TimeSpan.Zero || w.End > TimeSpan.FromHours(24) || w.Start >= w.End)
                violations.Add(new FieldViolation($"{path}.windows[{i}]", "INVALID_WINDOW",
                    new LocalizedText("时段开始必须早于结束，且在 00:00–24:00 之内（跨午夜请拆成两段）",
                        "A window must start before it ends, within 00:00–24:00 (split overnight shifts in two)")));
            else if (Windows.Take(i).Any(o => o.Day == w.Day && o.Start < w.End && w.Start < o.End))
                violations.Add(new FieldViolation($"{path}.windows[{i}]", "OVERLAPPING_WINDOW",
                    new LocalizedText("时段与同一天的另一时段重叠", "The window overlaps another window on the same day")));
        }
        return violations;
    }

    private void EnsureHasOpenTime()
    {
        if (!Windows.Any(w => w.End > w.Start))
            throw new InvalidOperationException("The schedule has no working time; validate it before use.");
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
            unspecified = unspecified.AddMinutes(30); // skipped by a DST jump: the first existing local time
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }
}
