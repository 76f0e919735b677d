using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Operations.Sla;
using SalesMesh.LeadRouting.Timers;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Operations.Pools;

/// <summary>
/// Moves a tracked, locked lead into the public or the cleaning pool inside the caller's unit of
/// work: ends the current assignment (the previous owner's cooldown counts from here), clears the
/// owner, stops the SLA clocks, appends the history entry (last) and enqueues <see cref="LeadPooled"/>.
/// </summary>
internal static class PoolMover
{
    public static async Task<HistoryDraftRecord> MoveAsync(LeadRoutingDbContext db, LeadRecord lead, LeadStatus pool, string cause,
        LocalizedText reason, string actorId, DateTimeOffset now, IReadOnlyDictionary<string, string>? extraData, CancellationToken ct)
    {
        if (pool is not (LeadStatus.PublicPool or LeadStatus.CleaningPool))
            throw new ArgumentOutOfRangeException(nameof(pool), pool, "Only the public and the cleaning pool.");
        var previousOwner = lead.OwnerUserId;
        var previousStatus = lead.Status;
        if (lead.CurrentAssignmentId is { } assignmentId)
        {
            await db.LeadAssignments.Where(a => a.Id == assignmentId && a.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.EndedAt, now), ct);
        }
        lead.CurrentAssignmentId = null;
        lead.Status = pool;
        lead.StatusChangedAt = now;
        lead.OwnerUserId = null;
        lead.OwnerTeamId = null;
        if (previousOwner is not null)
            lead.PreviousOwnerUserId = previousOwner;
        lead.PooledAt = now;
        lead.PoolReasonZh = reason.ZhCn;
        lead.PoolReasonEn = reason.En;
        db.CancelTimer(TimerKinds.Sla, SlaClockScheduler.Key(lead.Id));

        var poolName = LeadStatusNames.NameOf(pool);
        var data = new Dictionary<string, string>
        {
            ["pool"] = poolName,
            ["cause"] = cause,
            ["previousOwnerUserId"] = previousOwner ?? "",
            ["previousStatus"] = LeadStatusNames.NameOf(previousStatus),
            ["reason"] = reason.ZhCn,
        };
        foreach (var (key, value) in extraData ?? new Dictionary<string, string>())
            data[key] = value;
        db.EnqueueEvent(new LeadPooled(lead.Id, poolName, previousOwner, cause, reason.ZhCn, reason.En, now));
        var kind = pool == LeadStatus.PublicPool ? HistoryKinds.Pooled : OperationsHistoryKinds.CleaningPooled;
        return LeadHistoryWriter.Append(db, lead, kind, actorId, data, now);
    }
}
