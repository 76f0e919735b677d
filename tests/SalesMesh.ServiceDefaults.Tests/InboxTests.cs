using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.ServiceDefaults.Tests.TestService;
using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests;

public sealed class InboxTests(MessagingFixture infra) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task The_same_message_delivered_twice_is_applied_once()
    {
        await using var host = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_inbox"), Messaging = infra.Messaging, Consumers = true });
        var bus = host.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        var message = new TestLeadReceived(Guid.NewGuid(), "hotline-400");

        await bus.Publish(message, ctx => ctx.MessageId = messageId);
        await bus.Publish(message, ctx => ctx.MessageId = messageId);

        await Eventually.TrueAsync(() => host.Probe.Deliveries.Count(id => id == messageId) == 2, "both deliveries consumed");
        Assert.Equal(1, host.Probe.Applied.Count(id => id == messageId));
        Assert.Equal(1, await host.WithDbAsync(db => db.ChannelCounts.Where(c => c.Channel == "hotline-400").Select(c => c.Count).SingleAsync()));
        Assert.Equal(1, await host.WithDbAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId)));
    }

    [Fact]
    public async Task A_throwing_consumer_is_retried_then_dead_lettered_and_its_writes_are_rolled_back()
    {
        var messaging = infra.Messaging;
        await using var host = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_poison"), Messaging = messaging, Consumers = true });
        var poisonId = Guid.NewGuid();

        await host.WithDbAsync(async db =>
        {
            db.EnqueueEvent(new TestPoison(poisonId));
            return await db.SaveChangesAsync();
        });

        var errorQueue = TestServiceHost.PoisonQueue + "_error";
        await Eventually.TrueAsync(async () => await CountMessagesAsync(messaging, errorQueue) == 1, "message moved to " + errorQueue);
        Assert.Equal(1 + 2, host.Probe.PoisonAttempts); // first try + RetryLimit (2) retries
        Assert.False(await host.WithDbAsync(db => db.ConsumerWrites.AnyAsync(w => w.Id == poisonId)));
        Assert.Equal(0, await host.WithDbAsync(db => db.Set<InboxMessage>().CountAsync()));
        Assert.Equal(0u, await CountMessagesAsync(messaging, TestServiceHost.PoisonQueue));
    }

    private static async Task<uint> CountMessagesAsync(string amqpUri, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0; // queue does not exist yet
        }
    }
}
