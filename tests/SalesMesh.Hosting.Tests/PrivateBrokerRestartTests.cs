using RabbitMQ.Client;
using SalesMesh.Testing;

namespace SalesMesh.Hosting.Tests;

/// <summary>Outbox tests need a broker that goes away and comes back with its data.</summary>
public sealed class PrivateBrokerRestartTests
{
    [Fact]
    public async Task Durable_queue_and_message_survive_a_broker_restart_on_the_same_port()
    {
        await using var broker = await SharedInfrastructure.StartPrivateRabbitMqAsync("restart");
        var factory = new ConnectionFactory { Uri = new Uri(broker.ConnectionString) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync("outbox", durable: true, exclusive: false, autoDelete: false);
            await channel.BasicPublishAsync("", "outbox", mandatory: false, new BasicProperties { Persistent = true }, "lead-1"u8.ToArray());
        }
        var port = broker.Port;

        await broker.StopAsync();
        Assert.False(await broker.IsHealthyAsync());
        Assert.Empty(broker.Pids);

        await broker.StartAsync();
        Assert.Equal(port, broker.Port);
        await using var again = await factory.CreateConnectionAsync();
        await using var channelAgain = await again.CreateChannelAsync();
        var message = await channelAgain.BasicGetAsync("outbox", autoAck: true);
        Assert.NotNull(message);
        Assert.Equal("lead-1", System.Text.Encoding.UTF8.GetString(message.Body.Span));
    }
}
