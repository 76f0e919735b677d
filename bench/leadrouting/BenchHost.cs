using System.Diagnostics;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Npgsql;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.Hosting.Processes;
using SalesMesh.Hosting.Servers;
using SalesMesh.LeadRouting;
using SalesMesh.LeadRouting.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Timers;
using SalesMesh.Testing;

namespace SalesMesh.LeadRoutingBench;

/// <summary>
/// A private PostgreSQL 15 (durable settings as in production unless --fast-writes), RabbitMQ and
/// Redis from tests/SalesMesh.Testing, and LeadRouting hosted in this process exactly as its
/// Program.cs builds it, on loopback ports.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private PostgresServer? _postgres;
    private WebApplication? _app;

    private readonly Lock _logLock = new();

    public string Database { get; } = "leads_bench";

    /// <summary>The private server's log (errors, or every statement while a probe turns log_statement on).</summary>
    public string PostgresLog { get; } = Path.Combine(Path.GetTempPath(), $"leadrouting-bench-postgres-{Environment.ProcessId}.log");
    public PostgresServer Postgres => _postgres!;
    public string DatabaseConnectionString => Postgres.GetConnectionString(Database);
    public string GrpcAddress { get; private set; } = "";
    public IServiceProvider Services => _app!.Services;

    /// <summary>False when the service's own wiring does not (yet) call AddLeadOperations and the bench added it.</summary>
    public bool OperationsWiredByService { get; private set; }

    public async Task StartAsync(BenchOptions options)
    {
        _postgres = new PostgresServer(new PostgresServerOptions
        {
            Name = "bench-postgres",
            DataDirectory = Path.Combine(SharedInfrastructure.DataRoot, "bench-postgres"),
            Port = PortAllocator.Allocate(),
            UnsafeFastWrites = options.FastWrites,
            Output = line => { lock (_logLock) File.AppendAllText(PostgresLog, line.Text + "\n"); },
        });
        await _postgres.StartAsync();
        await _postgres.CreateDatabaseIfNotExistsAsync(Database);
        var bus = await SharedInfrastructure.CreateVirtualHostAsync("lead-routing-bench");
        var redis = await SharedInfrastructure.GetRedisConnectionStringAsync();

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
            // EF logs the first migration probe (no history table yet) and every overload timeout as errors; the bench counts failed RPCs itself.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
            ["ConnectionStrings:leads-db"] = DatabaseConnectionString,
            ["ConnectionStrings:messaging"] = bus,
            ["ConnectionStrings:cache"] = redis,
            [$"{InternalTokenOptions.Section}:SigningKey"] = Convert.ToBase64String(_signingKey),
        };
        _app = LeadRoutingApp.Create([.. settings.Select(s => $"--{s.Key}={s.Value}")], builder =>
        {
            OperationsWiredByService = builder.Services.Any(d =>
                d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name.StartsWith("DurableTimerWorker", StringComparison.Ordinal) == true);
            // SLA clocks need the timer worker; until LR-OPS's one-line wiring lands in the service,
            // the bench composes it exactly as that line will (LeadOperationsExtensions).
            if (!OperationsWiredByService)
                builder.AddLeadOperations();
            builder.Services.PostConfigure<DurableTimerOptions>(typeof(LeadRoutingDbContext).FullName, o => o.Workers = options.TimerWorkers);
        });
        LogContext.ConfigureCurrentLogContext(_app.Services.GetRequiredService<ILoggerFactory>());
        await _app.StartAsync();
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
    }

    /// <summary>
    /// Waits until the service's outbox relay has published every event committed so far. Returns how
    /// many were still unpublished when called and how long publishing them took: under load the relay
    /// runs behind the calls, and a rate that left its events for after the clock stopped would not be
    /// sustainable (the Activities bench's relay fell thousands of events behind per round).
    /// </summary>
    public async Task<(long Unpublished, double Seconds)> DrainOutboxAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await using var db = new NpgsqlConnection(DatabaseConnectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM lead_routing.outbox_messages WHERE sent_at IS NULL", db);
        var unpublished = (long)(await count.ExecuteScalarAsync())!;
        await using var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM lead_routing.outbox_messages WHERE sent_at IS NULL)", db);
        while ((bool)(await any.ExecuteScalarAsync())!)
        {
            // A parked row (no contract, bad body) is never published: fail instead of waiting forever.
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"Outbox rows still unpublished after 5 min ({unpublished} were pending); see lead_routing.outbox_messages.last_error.");
            await Task.Delay(20);
        }
        return (unpublished, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>A channel of its own (one HTTP/2 connection) for one client.</summary>
    public LeadRoutingService.LeadRoutingServiceClient NewClient(GrpcChannel channel) => new(channel);

    public Metadata IdentityOf(Caller caller) => new()
    {
        { InternalTokenOptions.MetadataKey, InternalToken.Issue(caller, _signingKey, DateTimeOffset.UtcNow, TimeSpan.FromHours(3)) },
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _app.StopAsync(stopping.Token);
            await _app.DisposeAsync();
        }
        if (_postgres is not null)
            await _postgres.StopAsync();
    }
}
