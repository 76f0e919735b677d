namespace SalesMesh.LeadRouting.Domain.Scheduling;

/// <summary>
/// One open interval on a weekday in local time, [Start, End). End may be 24:00 (midnight).
/// Overnight shifts are written as two windows (Mon 22:00–24:00, Tue 00:00–06:00).
/// </summary>
public sealed record WorkingWindow(DayOfWeek Day, TimeSpan Start, TimeSpan End)
{
    public static WorkingWindow Of(DayOfWeek day, string start, string end) =>
        new(day, Parse(start), Parse(end));

    private static TimeSpan Parse(string hhmm) =>
        hhmm == "24:00" ? TimeSpan.FromHours(24) : TimeSpan.ParseExact(hhmm, @"hh\:mm", null);
}
