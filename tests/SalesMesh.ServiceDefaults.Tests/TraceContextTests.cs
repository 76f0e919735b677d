using System.Diagnostics;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.ServiceDefaults.Tests.TestService;
using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests;

public sealed class TraceContextTests(MessagingFixture infra) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task The_consumer_runs_in_the_trace_of_the_request_that_wrote_the_event()
    {
        var messaging = infra.Messaging;
        await using var consumer = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_trace_c"), Messaging = messaging, Consumers = true });
        await using var producer = await TestServiceHost.StartAsync(new() { Database = await infra.CreateDatabaseAsync("sd_trace_p"), Messaging = messaging });

        ActivityTraceId producerTrace;
        OutboxMessage row;
        using (var request = new Activity("incoming request").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            producerTrace = request.TraceId;
            row = await producer.WithDbAsync(async db =>
            {
                var outbox = db.EnqueueEvent(new TestLeadReceived(Guid.NewGuid(), "referral"));
                await db.SaveChangesAsync();
                return outbox;
            });
        }
        Assert.StartsWith($"00-{producerTrace}-", row.TraceParent);

        await Eventually.TrueAsync(() => consumer.Probe.Applied.Contains(row.Id), "event consumed");
        Assert.Contains(producerTrace, consumer.Probe.AppliedTraceIds);
    }
}
