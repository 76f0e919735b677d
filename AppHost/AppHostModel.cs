using Aspire.Hosting;

namespace SalesMesh.AppHost;

/// <summary>
/// The SalesMesh wiring diagram, top-down: infrastructure, databases, services, gateway.
/// Program.cs runs it; end-to-end tests boot it through DistributedApplicationTestingBuilder.
/// </summary>
public sealed class AppHostModel : IDistributedApplicationModel
{
    public const int DefaultGatewayPort = 8080;

    /// <summary>Environment form of SalesMesh:InternalToken:SigningKey (ServiceDefaults/Identity).</summary>
    public const string InternalTokenKeyVariable = "SalesMesh__InternalToken__SigningKey";

    /// <summary>Environment form of Gateway:Auth:SigningKey (the gateway's access tokens; gateway/README.md).</summary>
    public const string GatewayTokenKeyVariable = "Gateway__Auth__SigningKey";

    public static void Build(IDistributedApplicationBuilder builder)
    {
        // Infrastructure: private PostgreSQL, Redis and RabbitMQ processes (data under .salesmesh/data).
        var postgres = builder.AddPostgres("postgres").WithDataVolume();
        var cache = builder.AddRedis("cache");
        var messaging = builder.AddRabbitMQ("messaging").WithDataVolume();

        // Identity: the gateway signs a short-lived internal token per call; every service verifies it
        // with this key (one per run, never written to disk), so nobody reaching a service directly can
        // claim to be someone else.
        var internalTokenKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        // One database per service.
        var leadsDb = postgres.AddDatabase("leads-db");
        var activitiesDb = postgres.AddDatabase("activities-db");
        var attributionDb = postgres.AddDatabase("attribution-db");
        var revenueDb = postgres.AddDatabase("revenue-db");
        var insightsDb = postgres.AddDatabase("insights-db");
        var gatewayDb = postgres.AddDatabase("gateway-db"); // the built-in user store and refresh tokens

        // Services: each owns its database, shares the cache and the message bus.
        var leadRouting = builder.AddProject("lead-routing", "../services/LeadRouting/SalesMesh.LeadRouting.csproj")
            .WithReference(leadsDb).WithReference(cache).WithReference(messaging)
            .WaitFor(leadsDb).WaitFor(messaging)
            .WithEnvironment(InternalTokenKeyVariable, internalTokenKey)
            .WithHttpHealthCheck("/health");

        var activities = builder.AddProject("activities", "../services/Activities/SalesMesh.Activities.csproj")
            .WithReference(activitiesDb).WithReference(cache).WithReference(messaging)
            .WaitFor(activitiesDb).WaitFor(messaging)
            .WithEnvironment(InternalTokenKeyVariable, internalTokenKey)
            .WithHttpHealthCheck("/health");

        var attribution = builder.AddProject("attribution", "../services/Attribution/SalesMesh.Attribution.csproj")
            .WithReference(attributionDb).WithReference(cache).WithReference(messaging)
            .WaitFor(attributionDb).WaitFor(messaging)
            .WithEnvironment(InternalTokenKeyVariable, internalTokenKey)
            .WithHttpHealthCheck("/health");

        var revenue = builder.AddProject("revenue", "../services/Revenue/SalesMesh.Revenue.csproj")
            .WithReference(revenueDb).WithReference(cache).WithReference(messaging)
            .WaitFor(revenueDb).WaitFor(messaging)
            .WithEnvironment(InternalTokenKeyVariable, internalTokenKey)
            .WithHttpHealthCheck("/health");

        var insights = builder.AddProject("insights", "../services/Insights/SalesMesh.Insights.csproj")
            .WithReference(insightsDb).WithReference(cache).WithReference(messaging)
            .WaitFor(insightsDb).WaitFor(messaging)
            .WithEnvironment(InternalTokenKeyVariable, internalTokenKey)
            .WithHttpHealthCheck("/health");

        // Gateway: the only public entry (REST/JSON + SSE for web and mobile, gRPC inward). Its access
        // tokens are signed with a per-run key too, shared by every gateway replica (refresh tokens
        // live in gateway-db and survive restarts).
        var gatewayTokenKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        builder.AddProject("gateway", "../gateway/SalesMesh.Gateway.csproj")
            .WithReference(leadRouting).WithReference(activities).WithReference(attribution)
            .WithReference(revenue).WithReference(insights).WithReference(cache).WithReference(gatewayDb)
            .WaitFor(gatewayDb).WaitFor(leadRouting).WaitFor(activities).WaitFor(attribution).WaitFor(revenue).WaitFor(insights)
            .WithExternalHttpEndpoints()
            .WithHttpEndpoint(port: GatewayPort(builder), name: "http")
            .WithEnvironment(InternalTokenKeyVariable, internalTokenKey)
            .WithEnvironment(GatewayTokenKeyVariable, gatewayTokenKey)
            .WithHttpHealthCheck("/health");
    }

    /// <summary>--gateway-port N or SALESMESH_GATEWAY_PORT, default 8080.</summary>
    private static int GatewayPort(IDistributedApplicationBuilder builder)
    {
        var text = builder.Configuration["gateway-port"] ?? builder.Configuration["SALESMESH_GATEWAY_PORT"];
        if (text is null)
        {
            return DefaultGatewayPort;
        }
        return int.TryParse(text, out var port) && port is > 0 and <= 65535
            ? port
            : throw new ArgumentException($"Gateway port '{text}' is not a port number (1-65535).");
    }
}
