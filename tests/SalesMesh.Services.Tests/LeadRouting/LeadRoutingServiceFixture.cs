using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Data;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.Services.Tests.Support;
using SalesMesh.Testing;

namespace SalesMesh.Services.Tests.LeadRouting;

/// <summary>One LeadRouting service per test class, on its own database and vhost.</summary>
public sealed class LeadRoutingServiceFixture : InfrastructureFixture
{
    public ServiceHost Service { get; private set; } = null!;

    public LeadRoutingService.LeadRoutingServiceClient Client => Service.Client<LeadRoutingService.LeadRoutingServiceClient>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Service = await Mesh.StartLeadRoutingAsync(this, await Mesh.NewBusAsync(this));
    }

    public override async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await base.DisposeAsync();
    }

    public Task<List<LeadRecord>> LeadsWithKeyAsync(string key) =>
        Service.QueryAsync<LeadRoutingDbContext, List<LeadRecord>>(db => db.Leads.AsNoTracking().Where(l => l.IdempotencyKey == key).ToListAsync());

    public Task<int> LeadCountAsync() => Service.QueryAsync<LeadRoutingDbContext, int>(db => db.Leads.CountAsync());

    public Task<List<OutboxMessage>> OutboxAsync() =>
        Service.QueryAsync<LeadRoutingDbContext, List<OutboxMessage>>(db => db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Sequence).ToListAsync());

    /// <summary>Outbox rows whose LeadReceived body names <paramref name="leadId"/>.</summary>
    public async Task<List<OutboxMessage>> EventsForLeadAsync(string leadId) =>
        [.. (await OutboxAsync()).Where(m => m.Body.Contains(leadId, StringComparison.Ordinal))];
}
