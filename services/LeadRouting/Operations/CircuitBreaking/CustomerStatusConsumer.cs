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
/// The domain's <see cref="CustomerCircuitBreaker"/> trips on the red whose <c>ConsecutiveReds</c> (Activities'
/// streak, the truth about the order of a customer's card changes) reaches two, however the events
/// arrive; replays and changes an approved appeal already judged change nothing. When it trips: the
/// lead moves to the cleaning pool, its owner loses follow-up rights for it (a revocation row routing
/// and claiming respect), <see cref="FollowUpRightsRevoked"/> and <see cref="LeadPooled"/> are
/// published and the history records it — all in the inbox transaction.
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

        // Events of one customer may be consumed at the same time: create the row if missing (a concurrent
        // creator makes this wait, then do nothing), then take its lock, so they apply one after the other.
        var now = time.GetUtcNow();
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO lead_routing.customer_breakers (customer_id, consecutive_reds, tripped, updated_at)
            VALUES ({message.CustomerId}, 0, false, {now}) ON CONFLICT (customer_id) DO NOTHING
            """, ct);
        var row = await Db.Set<CustomerBreakerRecord>()
            .FromSql($"SELECT * FROM lead_routing.customer_breakers WHERE customer_id = {message.CustomerId} FOR UPDATE")
            .SingleAsync(ct);
        var state = BreakerRows.ToState(row);
        var step = CustomerCircuitBreaker.Apply(state, new StatusEvent(context.MessageId!.Value.ToString("D"), state.CustomerId, color,
            Math.Max(0, message.ConsecutiveReds), message.ChangedAtUtc));
        BreakerRows.Store(row, step.State, now);
        row.LeadId = message.LeadId ?? row.LeadId;
        if (!step.TrippedNow || row.LeadId is not { } leadId)
            return;

        var lead = await LeadLocks.LockLeadAsync(Db, leadId, ct);
        if (lead is null || !LeadStateMachine.CanApply(lead.Status, LeadTrigger.MoveToCleaningPool))
            return; // converted, already cleaned, … : the breaker state is still recorded
        var rep = lead.OwnerUserId ?? message.OwnerUserId;
        now = LeadHistoryWriter.TruncateToMicroseconds(now);
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
        // The reds of the streak that tripped it (the stored streak follows the newest event, which may be a later one).
        var reds = message.ConsecutiveReds;
        Db.EnqueueEvent(new FollowUpRightsRevoked(leadId, message.CustomerId, rep, reds, reason.ZhCn, reason.En, now));
        await PoolMover.MoveAsync(Db, lead, LeadStatus.CleaningPool, PoolCauses.CircuitBreaker, reason, HistoryActors.System, now,
            new Dictionary<string, string>
            {
                ["customerId"] = message.CustomerId.ToString("D"),
                ["revokedRepUserId"] = rep,
                ["consecutiveReds"] = reds.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
