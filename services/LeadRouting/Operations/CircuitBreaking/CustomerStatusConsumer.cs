using MassTransit;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Data.Operations;
using SalesMesh.LeadRouting.Domain.CircuitBreaking;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Operations.Pools;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Operations.CircuitBreaking;

/// <summary>
/// LR-8 circuit breaker (熔断), fed by Activities' CustomerStatusChanged through the idempotent inbox.
/// The domain's <see cref="CustomerCircuitBreaker"/> counts consecutive reds per customer (a green or
/// yellow resets, replays and older events change nothing). When it trips: the lead moves to the
/// cleaning pool, its owner loses follow-up rights for it (a revocation row routing and claiming
/// respect), <see cref="FollowUpRightsRevoked"/> and <see cref="LeadPooled"/> are published and the
/// history records it — all in the inbox transaction.
/// </summary>
public sealed class CustomerStatusConsumer(LeadRoutingDbContext db, TimeProvider time) : InboxConsumer<LeadRoutingDbContext, CustomerStatusChanged>(db)
{
    public const string Queue = "leadrouting.customer-status-changed";

    protected override string ConsumerName => "circuit-breaker";

    protected override async Task HandleAsync(ConsumeContext<CustomerStatusChanged> context, CancellationToken ct)
    {
        var message = context.Message;
        if (ColorOf(message.Status) is not { } color)
            return; // an unknown colour from a newer Activities: nothing this breaker understands

        var breakers = Db.Set<CustomerBreakerRecord>();
        var row = await breakers.FromSql($"SELECT * FROM lead_routing.customer_breakers WHERE customer_id = {message.CustomerId} FOR UPDATE")
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            row = new CustomerBreakerRecord { CustomerId = message.CustomerId };
            breakers.Add(row);
        }
        var state = new BreakerState(message.CustomerId.ToString("D"), row.ConsecutiveReds, row.Tripped, row.LastEventId, row.LastEventAt);
        var step = CustomerCircuitBreaker.Apply(state, new StatusEvent(context.MessageId!.Value.ToString("D"), state.CustomerId, color, message.ChangedAtUtc));
        row.ConsecutiveReds = step.State.ConsecutiveReds;
        row.Tripped = step.State.Tripped;
        row.LastEventId = step.State.LastEventId;
        row.LastEventAt = step.State.LastEventAt;
        row.LeadId = message.LeadId ?? row.LeadId;
        row.UpdatedAt = time.GetUtcNow();
        if (!step.TrippedNow || row.LeadId is not { } leadId)
            return;

        var lead = await LeadLocks.LockLeadAsync(Db, leadId, ct);
        if (lead is null || !LeadStateMachine.CanApply(lead.Status, LeadTrigger.MoveToCleaningPool))
            return; // converted, already cleaned, … : the breaker state is still recorded
        var rep = lead.OwnerUserId ?? message.OwnerUserId;
        var now = LeadHistoryWriter.TruncateToMicroseconds(time.GetUtcNow());
        var reason = step.Reason!;

        var alreadyRevoked = await Db.Set<FollowUpRevocationRecord>().AnyAsync(r => r.LeadId == leadId && r.RepUserId == rep && r.RestoredAt == null, ct);
        if (!alreadyRevoked)
        {
            Db.Set<FollowUpRevocationRecord>().Add(new FollowUpRevocationRecord
            {
                Id = Guid.NewGuid(),
                LeadId = leadId,
                CustomerId = message.CustomerId,
                RepUserId = rep,
                ReasonZh = reason.ZhCn,
                ReasonEn = reason.En,
                RevokedAt = now,
            });
        }
        Db.EnqueueEvent(new FollowUpRightsRevoked(leadId, message.CustomerId, rep, step.State.ConsecutiveReds, reason.ZhCn, reason.En, now));
        await PoolMover.MoveAsync(Db, lead, LeadStatus.CleaningPool, PoolCauses.CircuitBreaker, reason, HistoryActors.System, now,
            new Dictionary<string, string>
            {
                ["customerId"] = message.CustomerId.ToString("D"),
                ["revokedRepUserId"] = rep,
                ["consecutiveReds"] = step.State.ConsecutiveReds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, ct);
    }

    private static StatusColor? ColorOf(string status) => status.Trim().ToLowerInvariant() switch
    {
        "green" => StatusColor.Green,
        "yellow" => StatusColor.Yellow,
        "red" => StatusColor.Red,
        _ => null,
    };
}
