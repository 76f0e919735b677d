using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Routing;

namespace SalesMesh.LeadRouting.Domain.Sla;

public enum SlaKind
{
    /// <summary>Mark the lead viewed (查看).</summary>
    View,
    /// <summary>Make the first call (首次通话).</summary>
    FirstCall,
}

public sealed record SlaDeadlines(DateTimeOffset ViewDueAt, DateTimeOffset FirstCallDueAt);

/// <summary>What the current owner has done since the assignment that started the clocks.</summary>
public sealed record SlaProgress(DateTimeOffset AssignedAt, DateTimeOffset? ViewedAt, DateTimeOffset? FirstCallAt)
{
    // Calling a lead means its owner has seen it, even if they never pressed "viewed".
    public DateTimeOffset? EffectiveViewedAt =>
        ViewedAt is null ? FirstCallAt : FirstCallAt is null ? ViewedAt : (ViewedAt < FirstCallAt ? ViewedAt : FirstCallAt);
}

public sealed record SlaBreach(SlaKind Kind, DateTimeOffset DueAt)
{
    public LocalizedText Describe() => Kind == SlaKind.View
        ? new($"未在 {Local(DueAt)} 前查看线索", $"did not view the lead by {Local(DueAt)}")
        : new($"未在 {Local(DueAt)} 前完成首次通话", $"did not make the first call by {Local(DueAt)}");

    private static string Local(DateTimeOffset instant) => ShanghaiTime.ToLocal(instant).ToString("yyyy-MM-dd HH:mm");
}

/// <summary>
/// Pure LR-4 clock arithmetic. The service persists <see cref="NextDueAt"/> as a durable timer row
/// (picked with SKIP LOCKED by any replica) and, when it fires, calls <see cref="Breaches"/> with the
/// current progress — so a clock that was satisfied in the meantime produces no breach.
/// </summary>
public static class SlaClock
{
    public static SlaDeadlines Deadlines(SlaPolicy policy, DateTimeOffset assignedAt) =>
        new(Due(policy, assignedAt, policy.ViewWithin), Due(policy, assignedAt, policy.FirstCallWithin));

    /// <summary>Clocks that are due at or before <paramref name="now"/> and were not satisfied by their due time.</summary>
    public static IReadOnlyList<SlaBreach> Breaches(SlaPolicy policy, SlaProgress progress, DateTimeOffset now)
    {
        var deadlines = Deadlines(policy, progress.AssignedAt);
        var breaches = new List<SlaBreach>();
        if (IsBreached(deadlines.ViewDueAt, progress.EffectiveViewedAt, now))
            breaches.Add(new SlaBreach(SlaKind.View, deadlines.ViewDueAt));
        if (IsBreached(deadlines.FirstCallDueAt, progress.FirstCallAt, now))
            breaches.Add(new SlaBreach(SlaKind.FirstCall, deadlines.FirstCallDueAt));
        return breaches;
    }

    /// <summary>The earliest due time still pending, or null when both clocks are settled.</summary>
    public static DateTimeOffset? NextDueAt(SlaPolicy policy, SlaProgress progress)
    {
        var deadlines = Deadlines(policy, progress.AssignedAt);
        DateTimeOffset? next = null;
        if (progress.EffectiveViewedAt is null)
            next = deadlines.ViewDueAt;
        if (progress.FirstCallAt is null && (next is null || deadlines.FirstCallDueAt < next))
            next = deadlines.FirstCallDueAt;
        return next;
    }

    /// <summary>Settled clocks as responsiveness records (input to the routing factor).</summary>
    public static IReadOnlyList<SlaRecord> Records(SlaPolicy policy, SlaProgress progress, DateTimeOffset now)
    {
        var deadlines = Deadlines(policy, progress.AssignedAt);
        var records = new List<SlaRecord>();
        AddRecord(records, deadlines.ViewDueAt, progress.EffectiveViewedAt, now);
        AddRecord(records, deadlines.FirstCallDueAt, progress.FirstCallAt, now);
        return records;
    }

    private static void AddRecord(List<SlaRecord> records, DateTimeOffset due, DateTimeOffset? doneAt, DateTimeOffset now)
    {
        if (doneAt is { } done)
            records.Add(new SlaRecord(due, done <= due));
        else if (now >= due)
            records.Add(new SlaRecord(due, false));
    }

    private static bool IsBreached(DateTimeOffset due, DateTimeOffset? doneAt, DateTimeOffset now) =>
        now >= due && (doneAt is null || doneAt > due);

    private static DateTimeOffset Due(SlaPolicy policy, DateTimeOffset from, TimeSpan within) =>
        policy.BusinessHours is { } hours ? hours.AddWorkingTime(from, within) : from + within;
}
