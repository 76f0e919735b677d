using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.Hosting.Processes;
using SalesMesh.LeadRouting.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Tests.Operations.Support;

/// <summary>
/// LeadRouting exactly as Program.cs builds it (LeadRoutingApp.Create), with the test's manual clock
/// in place of TimeProvider.System, on a real HTTP/2 port, against real PostgreSQL, RabbitMQ and Redis.
/// </summary>
public sealed class OpsHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private OpsHost(WebApplication app, int grpcPort)
    {
        _app = app;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Client = new LeadOperationsService.LeadOperationsServiceClient(_channel);
    }

    public IServiceProvider Services => _app.Services;
    public LeadOperationsService.LeadOperationsServiceClient Client { get; }

    /// <summary>The host's gRPC channel, for LR-CORE's LeadRoutingService client.</summary>
    public GrpcChannel Channel => _channel;

    public static async Task<OpsHost> StartAsync(string database, string messaging, string redis, string signingKey, OpsClock clock)
    {
        var grpcPort = PortAllocator.Allocate();
        var httpPort = PortAllocator.Allocate();
        var settings = new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel:Endpoints:http:Protocols"] = "Http1",
            ["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            ["ConnectionStrings:leads-db"] = database,
            ["ConnectionStrings:messaging"] = messaging,
            ["ConnectionStrings:cache"] = redis,
            [$"{InternalTokenOptions.Section}:SigningKey"] = signingKey,
        };
        var app = LeadRoutingApp.Create([.. settings.Select(s => $"--{s.Key}={s.Value}")],
            builder => builder.Services.AddSingleton<TimeProvider>(clock));
        LogContext.ConfigureCurrentLogContext(app.Services.GetRequiredService<ILoggerFactory>());
        clock.Attach(app.Services.GetRequiredService<DurableTimerSignal>());
        await app.StartAsync();
        var bus = await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        if (bus != BusHealthStatus.Healthy)
            throw new InvalidOperationException($"LeadRouting's bus did not become healthy: {bus}");
        return new OpsHost(app, grpcPort);
    }

    /// <summary>Call metadata for <paramref name="caller"/>: the signed identity the gateway would send, optionally in English.</summary>
    public Metadata As(Caller caller, string? language = null)
    {
        var metadata = new Metadata { { InternalTokenOptions.MetadataKey, Services.GetRequiredService<InternalTokenService>().Issue(caller) } };
        if (language is not null)
            metadata.Add("accept-language", language);
        return metadata;
    }

    public async Task<T> DbAsync<T>(Func<LeadRoutingDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LeadRoutingDbContext>(), scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<LeadRoutingDbContext, Task<T>> work) => DbAsync((db, _) => work(db));

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        try
        {
            await _app.StopAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
