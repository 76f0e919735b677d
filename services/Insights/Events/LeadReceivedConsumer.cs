using MassTransit;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.Insights.Data;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Insights.Events;

/// <summary>
/// Counts each LeadReceived once per channel and UTC day. The inbox (base class) drops
/// redeliveries; the count itself is one atomic upsert, because two leads of the same channel
/// and day are consumed concurrently and a read-then-write would lose one of them.
/// </summary>
public sealed class LeadReceivedConsumer(InsightsDbContext db) : InboxConsumer<InsightsDbContext, LeadReceived>(db)
{
    public const string Queue = "insights.lead-received";

    // The inbox identity: fixed text so renaming the class does not re-apply old messages.
    protected override string ConsumerName => "insights.lead-intake-counts";

    protected override async Task HandleAsync(ConsumeContext<LeadReceived> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        // An unknown channel is a contract violation, not a count: failing sends it to the error queue for a person to look at.
        var channel = LeadChannelNames.ChannelOf(message.Channel)
            ?? throw new InvalidOperationException($"LeadReceived {message.LeadId} has unknown channel '{message.Channel}'.");
        var receivedAt = message.ReceivedAtUtc.ToUniversalTime();
        var day = DateOnly.FromDateTime(receivedAt.UtcDateTime);

        await Db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO insights.lead_intake_daily (day_utc, channel, lead_count, last_received_at)
            VALUES ({day}, {(int)channel}, 1, {receivedAt})
            ON CONFLICT (day_utc, channel) DO UPDATE
               SET lead_count = lead_intake_daily.lead_count + 1,
                   last_received_at = GREATEST(lead_intake_daily.last_received_at, EXCLUDED.last_received_at)
            """, cancellationToken);
    }
}
