using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests;

/// <summary>The shared contract as another language's consumer would see it on RabbitMQ: names, not CLR types.</summary>
public sealed class EventContractWireTests(MessagingFixture infra) : IClassFixture<MessagingFixture>
{
    private const string Urn = "urn:message:salesmesh.leadrouting.v1.lead-received";

    [Fact]
    public void LeadReceived_has_its_versioned_wire_name()
    {
        Assert.Equal("salesmesh.leadrouting.v1.lead-received", LeadReceived.EventName);
        Assert.Equal(Urn, EventContracts.NameOf(typeof(LeadReceived)));
    }

    [Fact]
    public async Task LeadReceived_goes_out_on_the_exchange_named_after_the_event_with_its_URN_as_message_type()
    {
        await using var producer = await TestServiceHost.StartAsync(new()
        {
            Database = await infra.CreateDatabaseAsync("sd_wire"),
            Messaging = infra.Messaging,
            ConfigureMessaging = m => m.AddEventContractsFrom<LeadReceived>(),
        });

        // A plain AMQP subscriber bound by exchange name only, as a non-.NET consumer would do.
        var factory = new ConnectionFactory { Uri = new Uri(infra.Messaging) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(LeadReceived.EventName, ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, LeadReceived.EventName, "");

        var lead = new LeadReceived(Guid.NewGuid(), "web-form", new DateTimeOffset(2026, 11, 22, 3, 4, 5, TimeSpan.Zero), "王** 138****5678");
        var row = await producer.WithDbAsync(async db =>
        {
            var outbox = db.EnqueueEvent(lead);
            await db.SaveChangesAsync();
            return outbox;
        });

        BasicGetResult? delivered = null;
        await Eventually.TrueAsync(async () => (delivered = await channel.BasicGetAsync(queue, autoAck: true)) is not null, "LeadReceived on its exchange");
        using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivered!.Body.Span));
        Assert.Equal(row.Id.ToString(), envelope.RootElement.GetProperty("messageId").GetString());
        Assert.Equal([Urn], envelope.RootElement.GetProperty("messageType").EnumerateArray().Select(e => e.GetString()));
        var message = envelope.RootElement.GetProperty("message");
        Assert.Equal(lead.LeadId, message.GetProperty("leadId").GetGuid());
        Assert.Equal("web-form", message.GetProperty("channel").GetString());
        Assert.Equal(lead.ReceivedAtUtc, message.GetProperty("receivedAtUtc").GetDateTimeOffset());
        Assert.Equal("王** 138****5678", message.GetProperty("contactSummary").GetString());
    }
}
