using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SalesMesh.Activities;
using SalesMesh.Activities.Data;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Hosting.Processes;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.Testing;

namespace SalesMesh.Activities.Tests.Service.Support;

/// <summary>
/// The Activities service exactly as Program.cs builds it, on a real loopback gRPC port, against a
/// fresh database and RabbitMQ vhost of the shared test servers, with its own identity key so
/// tests can call as any person. Start one per test class or collection (startup costs seconds).
/// </summary>
public sealed class ActivitiesHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly byte[] _signingKey;

    private ActivitiesHost(WebApplication app, int grpcPort, byte[] signingKey, string busConnectionString)
    {
        _app = app;
        _signingKey = signingKey;
        BusConnectionString = busConnectionString;
        GrpcUrl = $"http://127.0.0.1:{grpcPort}";
        _channel = GrpcChannel.ForAddress(GrpcUrl);
    }

    public string GrpcUrl { get; }
    public string BusConnectionString { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<ActivitiesHost> StartAsync(InfrastructureFixture infra, IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var database = await infra.CreateDatabaseAsync("activities");
        var bus = await infra.CreateVirtualHostAsync("activities");
        var key = RandomNumberGenerator.GetBytes(32);
        var httpPort = PortAllocator.Allocate();
        var grpcPort = PortAllocator.Allocate();
        var settings = new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel:Endpoints:http:Protocols"] = "Http1",
            ["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            ["ConnectionStrings:activities-db"] = database,
            ["ConnectionStrings:messaging"] = bus,
            ["ConnectionStrings:cache"] = infra.RedisConnectionString,
            ["SalesMesh:InternalToken:SigningKey"] = Convert.ToBase64String(key),
        };
        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string>())
            settings[name] = value;

        var app = ActivitiesApp.Create([.. settings.Select(s => $"--{s.Key}={s.Value}")]);
        // MassTransit's log context is an AsyncLocal shared by every host of this flow.
        LogContext.ConfigureCurrentLogContext(app.Services.GetRequiredService<ILoggerFactory>());
        await app.StartAsync();
        // Consumers (LeadConverted, RosterChanged) must be bound before a test publishes.
        var health = await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        if (health != BusHealthStatus.Healthy)
            throw new InvalidOperationException($"The Activities bus did not become healthy: {health}");
        return new ActivitiesHost(app, grpcPort, key, bus);
    }

    /// <summary>A client whose every call carries a fresh internal token for <paramref name="caller"/>.</summary>
    public ActivitiesService.ActivitiesServiceClient ClientFor(Caller caller, string? language = null) =>
        new(_channel.Intercept(metadata =>
        {
            metadata.Add(InternalTokenOptions.MetadataKey, InternalToken.Issue(caller, _signingKey, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2)));
            if (language is not null)
                metadata.Add("accept-language", language);
            return metadata;
        }));

    /// <summary>A client that sends no identity at all.</summary>
    public ActivitiesService.ActivitiesServiceClient AnonymousClient() => new(_channel);

    /// <summary>Runs a query on a fresh DbContext of the service.</summary>
    public async Task<T> QueryAsync<T>(Func<ActivitiesDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ActivitiesDbContext>());
    }

    public Task<int> CountAsync<TEntity>() where TEntity : class => QueryAsync(db => db.Set<TEntity>().CountAsync());

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        try
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _app.StopAsync(stopTimeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
