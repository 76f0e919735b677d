using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.ServiceDefaults.Tests.TestService;
using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests;

/// <summary>One broker stop/start (the expensive part, ~10 s) covers outbox delivery and health.</summary>
public sealed class BrokerOutageTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Events_committed_while_RabbitMQ_is_down_are_delivered_after_it_returns_and_health_reports_the_outage()
    {
        // A broker of our own: stopping the shared one would break every other messaging test.
        var rabbit = await SharedInfrastructure.StartPrivateRabbitMqAsync("sd-outage");
        await using var _ = rabbit;
        await using var consumer = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_outage_c"), Messaging = rabbit.ConnectionString, Consumers = true });
        await using var producer = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_outage_p"), Messaging = rabbit.ConnectionString });
        Assert.Equal("Healthy", (await HealthAnswer.GetAsync(producer.Http, "/health")).Checks["messaging"]);

        await rabbit.StopAsync();
        await Eventually.TrueAsync(async () => (await HealthAnswer.GetAsync(producer.Http, "/health")).Code == HttpStatusCode.ServiceUnavailable,
            "/health reports the broker outage");
        var during = await HealthAnswer.GetAsync(producer.Http, "/health");
        Assert.Equal("Unhealthy", during.Checks["messaging"]);
        Assert.Equal("Healthy", during.Checks["leads-db"]);
        Assert.Equal(HttpStatusCode.OK, (await HealthAnswer.GetAsync(producer.Http, "/alive")).Code);

        var leadId = Guid.NewGuid();
        var row = await producer.WithDbAsync(async db =>
        {
            db.Leads.Add(new Lead { Id = leadId, Channel = "partner-api" });
            var outbox = db.EnqueueEvent(new TestLeadReceived(leadId, "partner-api"));
            await db.SaveChangesAsync(); // the write succeeds although the broker is down
            return outbox;
        });
        await Eventually.TrueAsync(() => producer.WithDbAsync(async db =>
        {
            var stored = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == row.Id);
            return stored.Attempts >= 1 && stored.LastError is not null && stored.SentAt is null;
        }), "a failed delivery attempt is recorded and the row stays pending");

        await rabbit.StartAsync();
        await Eventually.TrueAsync(() => consumer.WithDbAsync(db =>
            db.ChannelCounts.AnyAsync(c => c.Channel == "partner-api" && c.Count == 1)), "the event arrives after the broker returns", timeoutSeconds: 60);
        await Eventually.TrueAsync(() => producer.WithDbAsync(async db =>
            (await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == row.Id)).SentAt is not null), "the row is marked sent");
        await Eventually.TrueAsync(async () => (await HealthAnswer.GetAsync(producer.Http, "/health")).Code == HttpStatusCode.OK,
            "/health is green again", timeoutSeconds: 60);
    }
}
