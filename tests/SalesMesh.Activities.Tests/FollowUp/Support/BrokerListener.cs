using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace SalesMesh.Activities.Tests.FollowUp.Support;

/// <summary>One message as it arrived: its MassTransit message type URNs and the event's JSON.</summary>
public sealed record ReceivedEvent(IReadOnlyList<string> MessageTypes, string MessageJson);

/// <summary>
/// A plain AMQP consumer on the service's vhost, bound by exchange name only (MassTransit publishes
/// each event type to a fanout exchange named after its EventName), as another service would bind:
/// what arrives here really left the outbox through RabbitMQ.
/// </summary>
public sealed class BrokerListener : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;
    private readonly List<ReceivedEvent> _received = [];

    private BrokerListener(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public static async Task<BrokerListener> ListenAsync(string amqpUri, IEnumerable<string> exchanges)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var exchange in exchanges)
        {
            // The declaration MassTransit uses, so whoever declares first wins harmlessly.
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, "");
        }
        return new BrokerListener(connection, channel, queue);
    }

    /// <summary>Waits until, for every URN in <paramref name="urns"/>, a message of that type whose JSON mentions <paramref name="needle"/> arrived.</summary>
    public async Task<IReadOnlyList<ReceivedEvent>> WaitForAllAsync(IReadOnlyCollection<string> urns, string needle, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var missing = urns.Where(urn => !_received.Any(r => r.MessageTypes.Contains(urn) && r.MessageJson.Contains(needle, StringComparison.Ordinal))).ToList();
            if (missing.Count == 0)
                return _received;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"Not received from the broker within {timeout.TotalSeconds} s: {string.Join(", ", missing)}");
            var message = await _channel.BasicGetAsync(_queue, autoAck: true);
            if (message is null)
            {
                await Task.Delay(100);
                continue;
            }
            using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(message.Body.Span));
            _received.Add(new ReceivedEvent(
                [.. envelope.RootElement.GetProperty("messageType").EnumerateArray().Select(e => e.GetString()!)],
                envelope.RootElement.GetProperty("message").GetRawText()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _channel.Dispose();
        _connection.Dispose();
    }
}
