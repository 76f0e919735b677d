namespace SalesMesh.LeadRouting.Domain.Common;

/// <summary>
/// The default business time zone (PRODUCT §9: stored in UTC, shown and reasoned about in Asia/Shanghai).
/// </summary>
public static class ShanghaiTime
{
    public const string ZoneId = "Asia/Shanghai";

    /// <summary>
    /// Asia/Shanghai from the system tz database; a fixed UTC+08:00 zone when the host has no tz data
    /// (slim containers). That fallback is exact: China has not observed daylight saving since 1991.
    /// </summary>
    public static TimeZoneInfo Zone { get; } = Resolve();

    public static DateTime ToLocal(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, Zone);

    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant));

    private static TimeZoneInfo Resolve()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(ZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(ZoneId, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
