using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Domain.Scheduling;

namespace SalesMesh.LeadRouting.Tests;

/// <summary>A clock the test moves by hand; the domain only ever reads time through TimeProvider.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    public void Advance(TimeSpan by) => Now += by;
}

internal static class T
{
    /// <summary>An instant given in Asia/Shanghai wall-clock time (UTC+8, no DST).</summary>
    public static DateTimeOffset Sh(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromHours(8)).ToUniversalTime();

    /// <summary>Friday 2026-11-20 10:00 in Shanghai — a normal working morning.</summary>
    public static DateTimeOffset FridayMorning => Sh(2026, 11, 20, 10);

    public static RepProfile Rep(
        string id,
        string? territory = "杭州",
        string[]? qualifications = null,
        int capacity = 100,
        string? supervisor = "sup-1",
        string? backup = null,
        WeeklySchedule? shift = null,
        bool active = true,
        string? name = null) =>
        new(id, name ?? id, "team-1",
            territory is null ? new HashSet<string>() : new HashSet<string> { territory },
            new HashSet<string>(qualifications ?? []),
            capacity, supervisor, backup, shift, active);

    /// <summary>A rep with a clean recent record: enough follow-ups (no 0.8 cut) and no SLA history.</summary>
    public static RepWorkload Busy(DateTimeOffset now, int openLeads = 0, DateTimeOffset? lastAssigned = null) =>
        new(openLeads, lastAssigned, FollowUpsInWindow: 3, SlaTally.None);

    public static RoutingCandidate Candidate(RepProfile rep, RepWorkload workload) => new(rep, workload);
}
