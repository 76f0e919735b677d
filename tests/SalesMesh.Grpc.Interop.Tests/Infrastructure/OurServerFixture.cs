using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace SalesMesh.Grpc.Interop.Tests.Infrastructure;

/// <summary>
/// Our gRPC server, in process, on a real loopback port (HTTP/2 prior knowledge, no TLS): the
/// interop service, grpc.health.v1 and server reflection — what a SalesMesh service maps.
/// </summary>
public sealed class OurServerFixture : IAsyncLifetime
{
    /// <summary>The health-check service name whose status the tests flip.</summary>
    public const string InteropHealthName = "salesmesh.interop.v1.InteropService";

    private WebApplication? _app;

    public ServerObservations Observations { get; } = new();

    /// <summary>Backs the "interop" health check; tests flip it to see Check/Watch follow.</summary>
    public ToggleHealthCheck InteropHealth { get; } = new();

    /// <summary>"127.0.0.1:port".</summary>
    public string Address { get; private set; } = "";

    public Uri BaseUri => new($"http://{Address}");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(Observations);
        builder.Services.AddGrpc(o =>
        {
            // Compress answers when the client accepts gzip, so the gzip tests see both directions.
            o.ResponseCompressionAlgorithm = "gzip";
            o.EnableDetailedErrors = false;
        });
        builder.Services.AddGrpcHealthChecks(o =>
        {
            o.Services.MapTag(InteropHealthName, "interop");
            o.WatchInterval = TimeSpan.FromMilliseconds(200);
        }).AddCheck("interop", InteropHealth, tags: ["interop"]);
        builder.Services.AddGrpcReflection();

        _app = builder.Build();
        _app.MapGrpcService<InteropServiceImpl>();
        // A real contract with deep imports (google.api options, Struct, Timestamp, common ids),
        // so reflection has transitive dependencies to serve. Its methods answer UNIMPLEMENTED.
        _app.MapGrpcService<LeadRoutingNotImplemented>();
        _app.MapGrpcHealthChecksService();
        _app.MapGrpcReflectionService();
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Address = new Uri(address).Authority;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>The LeadRouting contract with no method overridden (the generated base answers UNIMPLEMENTED).</summary>
public sealed class LeadRoutingNotImplemented : SalesMesh.Contracts.LeadRouting.V1.LeadRoutingService.LeadRoutingServiceBase;

/// <summary>A health check whose result a test sets.</summary>
public sealed class ToggleHealthCheck : IHealthCheck
{
    private volatile bool _healthy = true;

    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("switched off by the test"));
}
