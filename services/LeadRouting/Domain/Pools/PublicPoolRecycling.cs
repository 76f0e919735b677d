using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Lifecycle;

namespace SalesMesh.LeadRouting.Domain.Pools;

public enum PoolEntryReason
{
    /// <summary>Assigned but nobody made contact within the recycle deadline.</summary>
    NotContactedInTime,
    Abandoned,
    /// <summary>The owner released it.</summary>
    Released,
    /// <summary>Routing found nobody eligible.</summary>
    NobodyEligible,
    /// <summary>Back from the cleaning pool.</summary>
    Cleaned,
}

/// <summary>The facts the recycler needs about one lead.</summary>
public sealed record LeadPoolFacts(string LeadId, LeadStatus Status, string? OwnerRepId, DateTimeOffset? FirstAssignedAt, DateTimeOffset? FirstContactAt);

public sealed record RecycleDecision(string LeadId, PoolEntryReason Reason, LocalizedText Message);

public static class PublicPoolRecycling
{
    public static LocalizedText Describe(PoolEntryReason reason) => reason switch
    {
        PoolEntryReason.NotContactedInTime => new("分配后未在规定时间内联系", "not contacted in time after assignment"),
        PoolEntryReason.Abandoned => new("销售已放弃", "abandoned by the rep"),
        PoolEntryReason.Released => new("销售主动释放", "released by the rep"),
        PoolEntryReason.NobodyEligible => new("没有符合条件的销售", "no eligible rep"),
        _ => new("清洗完成", "cleaning finished"),
    };

    /// <summary>
    /// Whether a lead must go to the public pool now (LR-7). The recycle deadline counts from the
    /// FIRST assignment, so SLA reassignments cannot keep an uncontacted lead away from the pool forever.
    /// </summary>
    public static RecycleDecision? Evaluate(PublicPoolPolicy policy, LeadPoolFacts lead, DateTimeOffset now)
    {
        if (lead.Status == LeadStatus.Abandoned)
            return new RecycleDecision(lead.LeadId, PoolEntryReason.Abandoned, Describe(PoolEntryReason.Abandoned));

        if (lead.Status is LeadStatus.Assigned or LeadStatus.Viewed
            && lead.FirstContactAt is null
            && lead.FirstAssignedAt is { } assignedAt
            && now >= assignedAt + policy.RecycleIfNotContactedWithin)
        {
            var hours = (int)policy.RecycleIfNotContactedWithin.TotalHours;
            return new RecycleDecision(lead.LeadId, PoolEntryReason.NotContactedInTime,
                new($"分配后 {hours} 小时内未联系，回收至公海", $"not contacted within {hours} h of assignment; recycled to the public pool"));
        }
        return null;
    }
}
