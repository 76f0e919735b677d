using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.ServiceDefaults.Tests.TestService;
using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests;

/// <summary>Producer host writes leads + events through the outbox; consumer host counts them through its inbox.</summary>
public sealed class OutboxTests(MessagingFixture infra) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task A_committed_lead_and_its_event_are_stored_together_and_the_event_is_consumed_once()
    {
        var messaging = infra.Messaging;
        await using var consumer = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_outbox_c"), Messaging = messaging, Consumers = true });
        await using var producer = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_outbox_p"), Messaging = messaging });

        var leadId = Guid.NewGuid();
        var row = await producer.WithDbAsync(async db =>
        {
            db.Leads.Add(new Lead { Id = leadId, Channel = "web-form" });
            var outbox = db.EnqueueEvent(new TestLeadReceived(leadId, "web-form"));
            await db.SaveChangesAsync();
            return outbox;
        });

        await Eventually.TrueAsync(() => consumer.WithDbAsync(async db =>
            await db.ChannelCounts.AnyAsync(c => c.Channel == "web-form" && c.Count == 1)), "consumer counted the lead");
        Assert.Contains(row.Id, consumer.Probe.Applied);
        await Eventually.TrueAsync(() => producer.WithDbAsync(async db =>
            (await db.Set<OutboxMessage>().SingleAsync(m => m.Id == row.Id)).SentAt is not null), "outbox row marked sent");
        var stored = await producer.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.Id == row.Id));
        Assert.Equal("urn:message:" + TestLeadReceived.EventName, stored.MessageType);
        Assert.Contains(leadId.ToString(), stored.Body);
    }

    [Fact]
    public async Task Events_of_one_transaction_are_stored_and_sent_in_the_order_they_were_enqueued()
    {
        await using var producer = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_outbox_order"), Messaging = infra.Messaging });

        // Milliseconds apart, as when work between two enqueues queries the database: EF Core inserts by key, so
        // the ids themselves must keep the order (a random or SQL-Server-ordered id shuffled them).
        var channels = Enumerable.Range(0, 40).Select(i => "channel-" + i).ToArray();
        await producer.WithDbAsync(async db =>
        {
            foreach (var channel in channels)
            {
                db.EnqueueEvent(new TestLeadReceived(Guid.NewGuid(), channel));
                await Task.Delay(channel.EndsWith('0') ? 3 : 0);
            }
            return await db.SaveChangesAsync();
        });

        var stored = await producer.WithDbAsync(db => db.Set<OutboxMessage>().OrderBy(m => m.Sequence).Select(m => m.Body).ToListAsync());
        Assert.Equal(channels, stored.Select(body => channels.Single(c => body.Contains('"' + c + '"'))));
    }

    [Fact]
    public async Task A_failing_SaveChanges_stores_neither_the_state_change_nor_the_event()
    {
        var database = await infra.CreateDatabaseAsync("sd_atomic");
        await using var producer = await TestServiceHost.StartAsync(new() { Database = database, Messaging = infra.Messaging });
        var existing = Guid.NewGuid();
        await producer.WithDbAsync(async db =>
        {
            db.Leads.Add(new Lead { Id = existing, Channel = "wechat" });
            return await db.SaveChangesAsync();
        });

        var failedLead = Guid.NewGuid();
        await Assert.ThrowsAsync<DbUpdateException>(() => producer.WithDbAsync(async db =>
        {
            db.Leads.Add(new Lead { Id = failedLead, Channel = "wechat" });
            db.Leads.Add(new Lead { Id = existing, Channel = "duplicate key" }); // violates the primary key
            db.EnqueueEvent(new TestLeadReceived(failedLead, "wechat"));
            return await db.SaveChangesAsync();
        }));

        Assert.False(await producer.WithDbAsync(db => db.Leads.AnyAsync(l => l.Id == failedLead)));
        Assert.Equal(0, await producer.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task An_event_type_without_a_stable_name_is_refused_and_nothing_is_queued()
    {
        await using var producer = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_unnamed") });
        var error = await Assert.ThrowsAsync<ArgumentException>(() => producer.WithDbAsync(db =>
            Task.FromResult(db.EnqueueEvent(new UnnamedEvent(Guid.NewGuid())))));
        Assert.Contains("[MessageUrn]", error.Message);
        Assert.Equal(0, await producer.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task A_crash_after_publish_but_before_mark_sent_resends_and_the_inbox_applies_it_once()
    {
        var messaging = infra.Messaging;
        await using var consumer = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_crash_c"), Messaging = messaging, Consumers = true });
        // Test-side fault: the first "mark sent" UPDATE fails after the broker confirmed the
        // publish, exactly like a process dying at that point (the claim transaction rolls back).
        var fault = new FailFirstMarkSent();
        await using var producer = await TestServiceHost.StartAsync(new()
        {
            Database = await infra.CreateDatabaseAsync("sd_crash_p"),
            Messaging = messaging,
            DbContextOptions = o => o.AddInterceptors(fault),
        });

        var leadId = Guid.NewGuid();
        var row = await producer.WithDbAsync(async db =>
        {
            db.Leads.Add(new Lead { Id = leadId, Channel = "douyin-dm" });
            var outbox = db.EnqueueEvent(new TestLeadReceived(leadId, "douyin-dm"));
            await db.SaveChangesAsync();
            return outbox;
        });

        await Eventually.TrueAsync(() => producer.WithDbAsync(async db =>
            (await db.Set<OutboxMessage>().SingleAsync(m => m.Id == row.Id)).SentAt is not null), "outbox row finally marked sent");
        Assert.Equal(1, fault.Failures);
        await Eventually.TrueAsync(() => consumer.Probe.Deliveries.Count(id => id == row.Id) >= 2, "the message was delivered twice");
        await Task.Delay(300); // let any straggler land before asserting "once"
        Assert.Equal(1, consumer.Probe.Applied.Count(id => id == row.Id));
        Assert.Equal(1, await consumer.WithDbAsync(db => db.ChannelCounts.Where(c => c.Channel == "douyin-dm").Select(c => c.Count).SingleAsync()));
    }

    [Fact]
    public async Task An_unpublishable_row_is_parked_without_blocking_later_events_and_old_sent_rows_are_cleaned_up()
    {
        await using var consumer = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_park_c"), Messaging = infra.Messaging, Consumers = true });
        await using var producer = await TestServiceHost.StartAsync(new()
        {
            Database = await infra.CreateDatabaseAsync("sd_park_p"),
            Messaging = infra.Messaging,
            ConfigureMessaging = m => m.OutboxCleanupInterval = TimeSpan.FromMilliseconds(200),
        });

        var now = DateTimeOffset.UtcNow;
        var oldSent = new OutboxMessage { Id = Guid.NewGuid(), MessageType = "urn:message:" + TestLeadReceived.EventName, Body = "{}", CreatedAt = now.AddDays(-9), SentAt = now.AddDays(-8) };
        var recentSent = new OutboxMessage { Id = Guid.NewGuid(), MessageType = "urn:message:" + TestLeadReceived.EventName, Body = "{}", CreatedAt = now.AddHours(-1), SentAt = now.AddHours(-1) };
        var unknown = new OutboxMessage { Id = Guid.NewGuid(), MessageType = "urn:message:salesmesh.sdtests.v1.not-deployed-here", Body = "{}", CreatedAt = now };
        await producer.WithDbAsync(async db =>
        {
            db.AddRange(oldSent, recentSent, unknown);
            return await db.SaveChangesAsync();
        });
        var leadId = Guid.NewGuid();
        var real = await producer.WithDbAsync(async db =>
        {
            var outbox = db.EnqueueEvent(new TestLeadReceived(leadId, "file-import"));
            await db.SaveChangesAsync();
            return outbox;
        });

        await Eventually.TrueAsync(() => consumer.Probe.Applied.Contains(real.Id), "the event behind the unpublishable row is delivered");
        // Parking commits with the batch that marked the real row sent.
        await Eventually.TrueAsync(() => producer.WithDbAsync(async db =>
            (await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == real.Id)).SentAt is not null), "the real row is marked sent");
        var parked = await producer.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == unknown.Id));
        Assert.Null(parked.SentAt);
        Assert.True(parked.Attempts >= 1);
        Assert.Contains("not-deployed-here", parked.LastError);
        Assert.NotNull(parked.NextAttemptAt);

        await Eventually.TrueAsync(() => producer.WithDbAsync(async db => !await db.Set<OutboxMessage>().AnyAsync(m => m.Id == oldSent.Id)),
            "a row sent 8 days ago is deleted");
        Assert.True(await producer.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Id == recentSent.Id)));
        Assert.True(await producer.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Id == unknown.Id)));
    }
}
