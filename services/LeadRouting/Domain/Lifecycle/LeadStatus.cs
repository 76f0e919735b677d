using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Lifecycle;

/// <summary>The states shown on the claim board (LR-5).</summary>
public enum LeadStatus
{
    Unassigned,
    Assigned,
    Viewed,
    Contacted,
    Converted,
    Abandoned,
    PublicPool,
    CleaningPool,
}

public enum LeadTrigger
{
    /// <summary>Routing chose an owner.</summary>
    Assign,
    /// <summary>Routing found nobody eligible.</summary>
    SendToPublicPool,
    /// <summary>SLA breach or supervisor: a different owner, clocks restart.</summary>
    Reassign,
    MarkViewed,
    RecordContact,
    Convert,
    Abandon,
    /// <summary>The owner gives the lead up (释放).</summary>
    Release,
    /// <summary>Automatic recycling: not contacted in time, or abandoned.</summary>
    Recycle,
    /// <summary>A rep claims the lead from the public pool (认领).</summary>
    Claim,
    /// <summary>Circuit breaker: the customer was marked red twice in a row (LR-8).</summary>
    MoveToCleaningPool,
    /// <summary>The invalid-lead appeal was approved: the rep gets the lead and their rights back.</summary>
    RestoreFromCleaningPool,
    /// <summary>Cleaning finished (or the appeal was rejected): the lead becomes claimable again.</summary>
    ReleaseFromCleaningPool,
}

public static class LeadStatusText
{
    public static LocalizedText Of(LeadStatus status) => status switch
    {
        LeadStatus.Unassigned => new("未分配", "unassigned"),
        LeadStatus.Assigned => new("已分配", "assigned"),
        LeadStatus.Viewed => new("已查看", "viewed"),
        LeadStatus.Contacted => new("已联系", "contacted"),
        LeadStatus.Converted => new("已转化", "converted"),
        LeadStatus.Abandoned => new("已放弃", "abandoned"),
        LeadStatus.PublicPool => new("公海", "public pool"),
        _ => new("待清洗", "cleaning pool"),
    };

    public static LocalizedText Of(LeadTrigger trigger) => trigger switch
    {
        LeadTrigger.Assign => new("分配", "assign"),
        LeadTrigger.SendToPublicPool => new("转入公海", "send to the public pool"),
        LeadTrigger.Reassign => new("改派", "reassign"),
        LeadTrigger.MarkViewed => new("标记已查看", "mark viewed"),
        LeadTrigger.RecordContact => new("记录联系", "record a contact"),
        LeadTrigger.Convert => new("转化", "convert"),
        LeadTrigger.Abandon => new("放弃", "abandon"),
        LeadTrigger.Release => new("释放", "release"),
        LeadTrigger.Recycle => new("回收至公海", "recycle to the public pool"),
        LeadTrigger.Claim => new("认领", "claim"),
        LeadTrigger.MoveToCleaningPool => new("移入待清洗池", "move to the cleaning pool"),
        LeadTrigger.RestoreFromCleaningPool => new("申诉通过恢复", "restore after an approved appeal"),
        _ => new("清洗完成放回公海", "return to the public pool after cleaning"),
    };
}
