using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SalesMesh.Activities.Data;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Hosting.Processes;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Timers;
using SalesMesh.Testing;

namespace SalesMesh.Activities.Tests.FollowUp.Support;

/// <summary>
/// The Activities service as Program.cs builds it (ActivitiesApp.Create), on a real gRPC port,
/// fresh database and vhost, with the service clock replaced by <see cref="Clock"/> — the only
/// change, so timers, stamps and token checks all follow the test's time.
/// </summary>
public sealed class FollowUpHost : IAsyncDisposable
{
    /// <summary>Witness threshold used by the tests (CNY).</summary>
    public const decimal WitnessThreshold = 500_000m;

    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly byte[] _signingKey;

    private FollowUpHost(WebApplication app, int grpcPort, byte[] signingKey, ManualClock clock, string busConnectionString)
    {
        _app = app;
        _signingKey = signingKey;
        Clock = clock;
        BusConnectionString = busConnectionString;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    }

    public ManualClock Clock { get; }

    /// <summary>AMQP URI of this host's own RabbitMQ vhost (bind a queue there to see what the service publishes).</summary>
    public string BusConnectionString { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<FollowUpHost> StartAsync(InfrastructureFixture infra)
    {
        var database = await infra.CreateDatabaseAsync("follow_up");
        var bus = await infra.CreateVirtualHostAsync("follow-up");
        var key = RandomNumberGenerator.GetBytes(32);
        var grpcPort = PortAllocator.Allocate();
        var settings = new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{PortAllocator.Allocate()}",
            ["Kestrel:Endpoints:http:Protocols"] = "Http1",
            ["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            ["ConnectionStrings:activities-db"] = database,
            ["ConnectionStrings:messaging"] = bus,
            ["ConnectionStrings:cache"] = infra.RedisConnectionString,
            ["SalesMesh:InternalToken:SigningKey"] = Convert.ToBase64String(key),
            ["Activities:FollowUp:WitnessThreshold"] = WitnessThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        // Whole seconds: PostgreSQL keeps microseconds, so stored times compare equal to the clock's.
        var start = DateTimeOffset.UtcNow;
        var clock = new ManualClock(new DateTimeOffset(start.Ticks - start.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
        var app = ActivitiesApp.Create([.. settings.Select(s => $"--{s.Key}={s.Value}")],
            builder => builder.Services.AddSingleton<TimeProvider>(clock));
        LogContext.ConfigureCurrentLogContext(app.Services.GetRequiredService<ILoggerFactory>());
        clock.Attach(app.Services.GetRequiredService<DurableTimerSignal>());
        await app.StartAsync();
        // The roster arrives as RosterChanged: its consumer must be bound before a test publishes.
        var health = await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        if (health != BusHealthStatus.Healthy)
            throw new InvalidOperationException($"The Activities bus did not become healthy: {health}");
        return new FollowUpHost(app, grpcPort, key, clock, bus);
    }

    /// <summary>A FollowUpService client whose calls carry a fresh internal token for <paramref name="caller"/> (issued on the service's clock).</summary>
    public FollowUpService.FollowUpServiceClient FollowUp(Caller caller, string? language = null) => new(Authenticated(caller, language));

    /// <summary>AC-CORE's ActivitiesService, used to arrange customers and visit records the way users create them.</summary>
    public ActivitiesService.ActivitiesServiceClient Activities(Caller caller) => new(Authenticated(caller, null));

    private CallInvoker Authenticated(Caller caller, string? language) =>
        _channel.Intercept(metadata =>
        {
            metadata.Add(InternalTokenOptions.MetadataKey, InternalToken.Issue(caller, _signingKey, Clock.GetUtcNow(), TimeSpan.FromMinutes(2)));
            if (language is not null)
                metadata.Add("accept-language", language);
            return metadata;
        });

    public async Task<T> QueryAsync<T>(Func<ActivitiesDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ActivitiesDbContext>());
    }

    /// <summary>Outbox rows of <typeparamref name="TEvent"/> whose body mentions <paramref name="needle"/>, oldest first.</summary>
    public Task<List<OutboxMessage>> OutboxAsync<TEvent>(string needle) => QueryAsync(db =>
    {
        var type = EventContracts.NameOf(typeof(TEvent));
        return db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == type && m.Body.Contains(needle))
            .OrderBy(m => m.Sequence)
            .ToListAsync();
    });

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
