using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.Hosting.Processes;
using SalesMesh.LeadRouting.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.Testing;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>
/// One LeadRouting service running in this process exactly as Program.cs builds it, on real
/// loopback ports, with its own fresh database and RabbitMQ virtual host, and a signing key so
/// tests can call as any person (<see cref="As"/>). Start one per test class or collection.
/// </summary>
public class LeadRoutingHost : InfrastructureFixture
{
    private WebApplication? _app;
    private GrpcChannel? _channel;
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);

    public string DatabaseConnectionString { get; private set; } = "";
    public string BusConnectionString { get; private set; } = "";
    public IServiceProvider Services => _app!.Services;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        DatabaseConnectionString = await CreateDatabaseAsync("leads-db");
        BusConnectionString = await CreateVirtualHostAsync("lead-routing");
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
            ["ConnectionStrings:leads-db"] = DatabaseConnectionString,
            ["ConnectionStrings:messaging"] = BusConnectionString,
            ["ConnectionStrings:cache"] = RedisConnectionString,
            [$"{InternalTokenOptions.Section}:SigningKey"] = Convert.ToBase64String(_signingKey),
        };
        foreach (var (key, value) in ExtraSettings)
            settings[key] = value;
        _app = LeadRoutingApp.Create([.. settings.Select(s => $"--{s.Key}={s.Value}")]);
        // MassTransit keeps its log context in an AsyncLocal; point it at this host (several hosts share the process).
        LogContext.ConfigureCurrentLogContext(_app.Services.GetRequiredService<ILoggerFactory>());
        await _app.StartAsync();
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    }

    /// <summary>Configuration a test class needs on top of the defaults above.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    public override async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _app.StopAsync(stopping.Token);
            await _app.DisposeAsync();
        }
        await base.DisposeAsync();
    }

    /// <summary>A client whose every call carries a fresh signed identity of <paramref name="caller"/> (and <c>accept-language</c> if given).</summary>
    public LeadRoutingService.LeadRoutingServiceClient As(Caller caller, string? language = null) => new(_channel!.Intercept(headers =>
    {
        headers.Add(InternalTokenOptions.MetadataKey, InternalToken.Issue(caller, _signingKey, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2)));
        if (language is not null)
            headers.Add("accept-language", language);
        return headers;
    }));

    /// <summary>A client without identity (to check UNAUTHENTICATED).</summary>
    public LeadRoutingService.LeadRoutingServiceClient Anonymous => new(_channel!);

    /// <summary>Runs a query on a fresh DbContext of the service.</summary>
    public async Task<T> QueryAsync<T>(Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LeadRoutingDbContext>());
    }

    /// <summary>Row counts of every LeadRouting table (and the outbox): "nothing stored" means this does not change.</summary>
    public Task<Dictionary<string, long>> TableCountsAsync() => QueryAsync(async db =>
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in (string[])["leads", "lead_sources", "lead_merges", "lead_assignments", "lead_contacts", "reps",
                     "routing_policies", "outbox_messages"])
        {
            // Table names come from the fixed list above, never from input.
            var sql = "SELECT count(*) AS \"Value\" FROM lead_routing." + table;
            counts[table] = await db.Database.SqlQueryRaw<long>(sql).SingleAsync();
        }
        // History entries, chained or still drafts: the sealer moves them from one table to the other at any time.
        counts["history entries"] = await db.Database.SqlQueryRaw<long>(
            "SELECT (SELECT count(*) FROM lead_routing.lead_history) + (SELECT count(*) FROM lead_routing.lead_history_drafts) AS \"Value\"").SingleAsync();
        return counts;
    });
}
