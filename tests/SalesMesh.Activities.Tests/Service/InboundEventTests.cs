using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Tests.Service.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;

namespace SalesMesh.Activities.Tests.Service;

/// <summary>LeadRouting's events arrive over the real broker and are applied exactly once.</summary>
[Collection(ActivitiesCollection.Name)]
public sealed class InboundEventTests(ActivitiesFixture fixture)
{
    private ActivitiesHost Host => fixture.Host;

    [Fact]
    public async Task A_converted_lead_becomes_a_customer_with_an_opportunity_once_even_when_replayed()
    {
        var rep = People.NewRep();
        var lead = new LeadConverted(Guid.NewGuid(), rep.UserId, People.TeamA, "华东医疗器械有限公司", "张三", "+8613800138000",
            "zhang.san@example.com", ["orthopedic-equipment"], DateTimeOffset.UtcNow);
        var bus = Host.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();

        await bus.Publish(lead, c => c.MessageId = messageId);
        await bus.Publish(lead, c => c.MessageId = messageId);          // redelivery: the inbox drops it
        await bus.Publish(lead, c => c.MessageId = NewId.NextGuid());   // re-published by LeadRouting: the lead id is unique

        // Only this test publishes LeadConverted on this host's vhost.
        await Eventually.TrueAsync(async () => await Host.QueryAsync(db => db.Set<ServiceDefaults.Messaging.InboxMessage>()
                .CountAsync(m => m.Consumer == "activities-lead-converted")) >= 2,
            "both distinct LeadConverted messages consumed");
        await Task.Delay(300);

        var customers = await Host.QueryAsync(db => db.Customers.AsNoTracking().Where(c => c.LeadId == lead.LeadId).ToListAsync());
        var customer = Assert.Single(customers);
        Assert.Equal((rep.UserId, People.TeamA, "华东医疗器械有限公司", "+8613800138000"), (customer.OwnerUserId, customer.TeamId, customer.Name, customer.ContactPhone));
        var opportunities = await Host.ClientFor(rep).ListOpportunitiesAsync(new ListOpportunitiesRequest { CustomerId = new CustomerId { Value = customer.Id.ToString() } });
        Assert.Equal("needsDiagnosis", Assert.Single(opportunities.Opportunities).Stage);
        Assert.Single(await Samples.EventsAsync<CustomerCreated>(Host, customer.Id.ToString()));

        var viaApi = await Host.ClientFor(rep).GetCustomerAsync(new GetCustomerRequest { CustomerId = new CustomerId { Value = customer.Id.ToString() } });
        Assert.Equal(lead.LeadId.ToString(), viaApi.Customer.LeadId.Value);
    }

    [Fact]
    public async Task Roster_changes_set_the_direct_supervisor_and_an_older_version_never_wins()
    {
        var userId = "rep-roster-" + Guid.NewGuid().ToString("N")[..6];
        var bus = Host.Services.GetRequiredService<IBus>();
        await bus.Publish(new RosterChanged(userId, "王磊", People.TeamA, "sup-new", true, 5, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(() => Host.QueryAsync(db => db.Reps.AnyAsync(r => r.UserId == userId && r.RosterVersion == 5)), "roster v5 applied");

        await bus.Publish(new RosterChanged(userId, "王磊", People.TeamB, "sup-old", true, 4, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await bus.Publish(new RosterChanged(userId, "王磊", People.TeamA, "sup-new", false, 6, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(() => Host.QueryAsync(db => db.Reps.AnyAsync(r => r.UserId == userId && r.RosterVersion == 6)), "roster v6 applied");
        await Task.Delay(300);

        var rep = await Host.QueryAsync(db => db.Reps.AsNoTracking().SingleAsync(r => r.UserId == userId));
        Assert.Equal(("sup-new", People.TeamA, false), (rep.SupervisorUserId, rep.TeamId, rep.Active));
    }
}
