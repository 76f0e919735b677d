using System.Security.Cryptography;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Hosting;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SalesMesh.Hosting.Processes;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Services.Tests.Support;

/// <summary>
/// One service (or the gateway) running in this process exactly as its Program.cs builds it, on
/// two real loopback ports like the AppHost gives it: "http" (REST, /health) and "grpc"
/// (HTTP/2 prior knowledge). Configuration goes in as command-line arguments, so two hosts in
/// one process never share settings.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly byte[] _signingKey;

    private ServiceHost(WebApplication app, int httpPort, int grpcPort, byte[] signingKey)
    {
        _app = app;
        _signingKey = signingKey;
        HttpUrl = $"http://127.0.0.1:{httpPort}";
        GrpcUrl = $"http://127.0.0.1:{grpcPort}";
        _channel = GrpcChannel.ForAddress(GrpcUrl);
        Http = new HttpClient { BaseAddress = new Uri(HttpUrl) };
    }

    public string HttpUrl { get; }
    public string GrpcUrl { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>A generated client on this host's gRPC port.</summary>
    public T Client<T>() where T : class => (T)Activator.CreateInstance(typeof(T), _channel)!;

    /// <summary>A generated client whose every call carries a fresh internal token of <paramref name="caller"/>, as the gateway mints it.</summary>
    public T ClientAs<T>(Caller caller) where T : class => (T)Activator.CreateInstance(typeof(T), _channel.Intercept(headers =>
    {
        headers.Add(InternalTokenOptions.MetadataKey, InternalToken.Issue(caller, _signingKey, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2)));
        return headers;
    }))!;

    /// <param name="create">The service's factory, e.g. <c>LeadRoutingApp.Create</c>.</param>
    /// <param name="settings">Configuration keys → values (ConnectionStrings:…, services:…).</param>
    /// <param name="waitForBus">Wait until the bus is connected and its queues bound: a consumer must be listening before anyone publishes.</param>
    public static async Task<ServiceHost> StartAsync(Func<string[], WebApplication> create, IReadOnlyDictionary<string, string> settings, bool waitForBus = false)
    {
        var httpPort = PortAllocator.Allocate();
        var grpcPort = PortAllocator.Allocate();
        var signingKey = RandomNumberGenerator.GetBytes(32);
        var args = new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel:Endpoints:http:Protocols"] = "Http1",
            ["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            // The key the AppHost shares between the gateway and the services: tests mint callers with it.
            [$"{InternalTokenOptions.Section}:SigningKey"] = Convert.ToBase64String(signingKey),
        };
        foreach (var (key, value) in settings)
            args[key] = value;

        var app = create([.. args.Select(a => $"--{a.Key}={a.Value}")]);
        // MassTransit keeps its log context in an AsyncLocal shared by every host of this async
        // flow; point it at this host's logger factory (several hosts live in one process).
        LogContext.ConfigureCurrentLogContext(app.Services.GetRequiredService<ILoggerFactory>());
        await app.StartAsync();
        var host = new ServiceHost(app, httpPort, grpcPort, signingKey);
        if (waitForBus)
        {
            var health = await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
            if (health != BusHealthStatus.Healthy)
                throw new InvalidOperationException($"The bus of the service did not become healthy: {health}");
        }
        return host;
    }

    /// <summary>Runs a query on a fresh DbContext of the service.</summary>
    public async Task<T> QueryAsync<TContext, T>(Func<TContext, Task<T>> query) where TContext : DbContext
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
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
