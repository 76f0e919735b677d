using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A rep filed an invalid-lead appeal (无效线索申诉, LR-8) with evidence; their supervisor should
/// decide it. Published by LeadRouting through its outbox (notification features consume it).
/// </summary>
/// <param name="AppealId">The appeal.</param>
/// <param name="LeadId">The lead in the cleaning pool.</param>
/// <param name="RepUserId">The appellant.</param>
/// <param name="SupervisorUserId">The rep's supervisor who decides, or null when none is on the roster.</param>
/// <param name="EvidenceCount">How many evidence files.</param>
/// <param name="FiledAtUtc">When it committed (service clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record AppealFiled(Guid AppealId, Guid LeadId, string RepUserId, string? SupervisorUserId, int EvidenceCount, DateTimeOffset FiledAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.appeal-filed";
}
