using System.Text;
using RabbitMQ.Client;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>
/// Listens on the real broker: binds a private queue to an event's exchange (MassTransit publishes
/// each event type to a fanout exchange named after its EventName) and collects message bodies.
/// </summary>
internal sealed class BrokerProbe : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;

    private BrokerProbe(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public static async Task<BrokerProbe> ListenAsync(string amqpUri, string exchange)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpUri) };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        // Same declaration MassTransit uses for a published message type, so whoever declares first wins harmlessly.
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "");
        return new BrokerProbe(connection, channel, queue);
    }

    /// <summary>Waits for a message whose body contains <paramref name="text"/>; returns the body.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var message = await _channel.BasicGetAsync(_queue, autoAck: true);
            if (message is null)
            {
                await Task.Delay(100);
                continue;
            }
            var body = Encoding.UTF8.GetString(message.Body.Span);
            if (body.Contains(text, StringComparison.Ordinal))
                return body;
        }
        throw new Xunit.Sdk.XunitException($"No message containing '{text}' arrived within {timeout.TotalSeconds} s.");
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _channel.Dispose();
        _connection.Dispose();
    }
}
