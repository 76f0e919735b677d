using SalesMesh.Activities;
using SalesMesh.Attribution;
using SalesMesh.Insights;
using SalesMesh.LeadRouting;
using SalesMesh.Revenue;
using SalesMesh.Testing;

namespace SalesMesh.Services.Tests.Support;

/// <summary>Starts services the way the AppHost wires them, on fresh databases of the shared test servers.</summary>
public static class Mesh
{
    /// <summary>A fresh vhost: services given the same one talk to each other, and to no other test.</summary>
    public static Task<string> NewBusAsync(InfrastructureFixture infra) => infra.CreateVirtualHostAsync("services");

    public static Task<ServiceHost> StartLeadRoutingAsync(InfrastructureFixture infra, string bus) =>
        StartServiceAsync(LeadRoutingApp.Create, infra, "leads-db", bus, waitForBus: false);

    /// <summary>Waits for the bus so the LeadReceived queue is bound before any test publishes.</summary>
    public static Task<ServiceHost> StartInsightsAsync(InfrastructureFixture infra, string bus) =>
        StartServiceAsync(InsightsApp.Create, infra, "insights-db", bus, waitForBus: true);

    public static Task<ServiceHost> StartActivitiesAsync(InfrastructureFixture infra, string bus) =>
        StartServiceAsync(args => ActivitiesApp.Create(args), infra, "activities-db", bus, waitForBus: false);

    public static Task<ServiceHost> StartAttributionAsync(InfrastructureFixture infra, string bus) =>
        StartServiceAsync(AttributionApp.Create, infra, "attribution-db", bus, waitForBus: false);

    public static Task<ServiceHost> StartRevenueAsync(InfrastructureFixture infra, string bus) =>
        StartServiceAsync(RevenueApp.Create, infra, "revenue-db", bus, waitForBus: false);

    private static async Task<ServiceHost> StartServiceAsync(Func<string[], Microsoft.AspNetCore.Builder.WebApplication> create,
        InfrastructureFixture infra, string databaseName, string bus, bool waitForBus)
    {
        var database = await infra.CreateDatabaseAsync(databaseName);
        return await ServiceHost.StartAsync(create, new Dictionary<string, string>
        {
            [$"ConnectionStrings:{databaseName}"] = database,
            ["ConnectionStrings:messaging"] = bus,
            ["ConnectionStrings:cache"] = infra.RedisConnectionString,
        }, waitForBus);
    }
}
