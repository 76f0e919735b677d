using Grpc.Health.V1;
using SalesMesh.Services.Tests.Support;
using SalesMesh.Testing;

namespace SalesMesh.Services.Tests.Catalogs;

/// <summary>Every service answers grpc.health.v1 on its gRPC port (what Kubernetes gRPC probes and load balancers ask).</summary>
public sealed class GrpcHealthTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    public static TheoryData<string> Services => ["lead-routing", "activities", "attribution", "revenue", "insights"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_service_reports_SERVING_over_gRPC_health(string name)
    {
        var bus = await Mesh.NewBusAsync(infra);
        await using var service = name switch
        {
            "lead-routing" => await Mesh.StartLeadRoutingAsync(infra, bus),
            "activities" => await Mesh.StartActivitiesAsync(infra, bus),
            "attribution" => await Mesh.StartAttributionAsync(infra, bus),
            "revenue" => await Mesh.StartRevenueAsync(infra, bus),
            _ => await Mesh.StartInsightsAsync(infra, bus),
        };

        var health = service.Client<Health.HealthClient>();

        // Database, cache and bus checks all count; the bus connects in the background after start.
        await Eventually.TrueAsync(async () =>
            (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status == HealthCheckResponse.Types.ServingStatus.Serving,
            $"{name} to report SERVING");
    }
}
