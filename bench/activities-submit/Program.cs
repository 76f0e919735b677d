using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SalesMesh.Activities;
using SalesMesh.Activities.SubmitBench;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Hosting.Processes;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.Testing;

// Usage: dotnet run -c Release --project bench/activities-submit -- [recordsPerClient=300] [rounds=3] [customersPerClient=20]
const int Clients = 16;
var perClient = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
// Each rep visits their own book of customers in turn. With a single customer per rep (runs 1–4)
// every submission rewrote the same status card and timer rows, a pattern no sales team produces:
// thousands of dead row versions per row, which made each timer lookup walk them (0.44 ms).
var customersPerClient = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;

Console.WriteLine($"Starting PostgreSQL, RabbitMQ, Redis and the Activities service ({Environment.ProcessorCount} cores)...");
var database = await SharedInfrastructure.CreateDatabaseAsync("submit_bench");
var bus = await SharedInfrastructure.CreateVirtualHostAsync("submit_bench");
var redis = await SharedInfrastructure.GetRedisConnectionStringAsync();
var key = RandomNumberGenerator.GetBytes(32);
var grpcPort = PortAllocator.Allocate();
var settings = new Dictionary<string, string>
{
    ["environment"] = "Production",
    ["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
    ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
    ["Logging:LogLevel:Default"] = "Warning",
    ["ConnectionStrings:activities-db"] = database,
    ["ConnectionStrings:messaging"] = bus,
    ["ConnectionStrings:cache"] = redis,
    ["SalesMesh:InternalToken:SigningKey"] = Convert.ToBase64String(key),
};
var app = ActivitiesApp.Create([.. settings.Select(s => $"--{s.Key}={s.Value}")]);
LogContext.ConfigureCurrentLogContext(app.Services.GetRequiredService<ILoggerFactory>());
await app.StartAsync();
await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));

// One rep, a book of customers and one channel (HTTP/2 connection) per client.
var reps = Enumerable.Range(0, Clients).Select(i => new Caller($"bench-rep-{i}", $"销售{i}", new HashSet<string> { CallerRoles.Rep }, "bench-team")).ToArray();
var clients = reps.Select(rep =>
{
    var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    return new ActivitiesService.ActivitiesServiceClient(channel.Intercept(metadata =>
    {
        metadata.Add(InternalTokenOptions.MetadataKey, InternalToken.Issue(rep, key, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2)));
        return metadata;
    }));
}).ToArray();
var customers = new string[Clients][];
for (int i = 0; i < Clients; i++)
{
    customers[i] = new string[customersPerClient];
    for (int j = 0; j < customersPerClient; j++)
    {
        customers[i][j] = (await clients[i].CreateCustomerAsync(new CreateCustomerRequest { Name = $"压测客户{i}-{j}" })).Customer.CustomerId.Value;
    }
}

var cpu = new CpuMeter((await SharedInfrastructure.GetPostgresAsync()).ClusterDirectory);
await using var dataSource = NpgsqlDataSource.Create(database);
var baseline = new DirectInsertBaseline(dataSource);

// Warm up until tiered JIT has settled: EF Core, Npgsql, Kestrel and MassTransit are not
// precompiled, and on 2 cores the background compiler was still busy 45 s into a run (dotnet-counters:
// JIT time fell from 3.5 s per 5 s to ~0.1 s only after that); a count-based warm-up of 150 records
// per client measured the first rounds while code was still being recompiled.
var warmUp = TimeSpan.FromSeconds(60);
Console.WriteLine($"Warm-up ({warmUp.TotalSeconds:F0} s)...");
var warmUpClock = System.Diagnostics.Stopwatch.StartNew();
while (warmUpClock.Elapsed < warmUp)
{
    await Measurement.RunAsync("warm-up gRPC", Clients, 50, (c, n) => SubmitAsync(c, n));
    await Measurement.RunAsync("warm-up Npgsql", Clients, 50, (c, n) => baseline.InsertAsync(Guid.Parse(Customer(c, n)), reps[c].UserId));
}

await DrainOutboxAsync(); // the warm-up's events, so round 1 does not publish them
var results = new List<(Measurement Grpc, Measurement Direct)>();
for (int round = 1; round <= rounds; round++)
{
    // Alternate the order so neither side always runs on a warmer (or more bloated) database.
    Measurement grpc, direct;
    if (round % 2 == 1)
    {
        grpc = await Measurement.RunAsync("SubmitVisitRecord over gRPC", Clients, perClient, (c, n) => SubmitAsync(c, n), cpu, DrainOutboxAsync);
        direct = await Measurement.RunAsync("same INSERTs via Npgsql", Clients, perClient, (c, n) => baseline.InsertAsync(Guid.Parse(Customer(c, n)), reps[c].UserId), cpu, DrainOutboxAsync);
    }
    else
    {
        direct = await Measurement.RunAsync("same INSERTs via Npgsql", Clients, perClient, (c, n) => baseline.InsertAsync(Guid.Parse(Customer(c, n)), reps[c].UserId), cpu, DrainOutboxAsync);
        grpc = await Measurement.RunAsync("SubmitVisitRecord over gRPC", Clients, perClient, (c, n) => SubmitAsync(c, n), cpu, DrainOutboxAsync);
    }
    results.Add((grpc, direct));
    Console.WriteLine($"round {round}: gRPC {grpc.RecordsPerSecond,8:F0} rec/s p50 {grpc.P50,6:F2} ms p99 {grpc.P99,6:F2} ms | " +
                      $"Npgsql {direct.RecordsPerSecond,8:F0} rec/s p50 {direct.P50,6:F2} ms p99 {direct.P99,6:F2} ms | ratio {grpc.RecordsPerSecond / direct.RecordsPerSecond:F2}");
    Console.WriteLine($"         events published {grpc.Settling.TotalSeconds:F1} s (gRPC) / {direct.Settling.TotalSeconds:F1} s (Npgsql) after the last call, included above");
    Console.WriteLine($"         CPU per record (process + PostgreSQL): gRPC {grpc.CpuMsPerRecord:F2} ms ({grpc.PostgresCpuMsPerRecord:F2} PostgreSQL) | " +
                      $"Npgsql {direct.CpuMsPerRecord:F2} ms ({direct.PostgresCpuMsPerRecord:F2} PostgreSQL) | CPU ratio Npgsql / gRPC {direct.CpuMsPerRecord / grpc.CpuMsPerRecord:F2}");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

Console.WriteLine();
Console.WriteLine($"{Clients} clients × {perClient} records × {rounds} rounds, {customersPerClient} customers per client (medians over rounds; a round ends when its events are published)");
Console.WriteLine("| path | records/s | p50 ms | p99 ms |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| SubmitVisitRecord over gRPC (service) | {Median(results.Select(r => r.Grpc.RecordsPerSecond)):F0} | {Median(results.Select(r => r.Grpc.P50)):F2} | {Median(results.Select(r => r.Grpc.P99)):F2} |");
Console.WriteLine($"| same INSERTs via Npgsql (baseline) | {Median(results.Select(r => r.Direct.RecordsPerSecond)):F0} | {Median(results.Select(r => r.Direct.P50)):F2} | {Median(results.Select(r => r.Direct.P99)):F2} |");
Console.WriteLine($"| ratio gRPC / baseline | {Median(results.Select(r => r.Grpc.RecordsPerSecond / r.Direct.RecordsPerSecond)):F2} | | |");
Console.WriteLine($"CPU per record, medians (this process + PostgreSQL): gRPC {Median(results.Select(r => r.Grpc.CpuMsPerRecord)):F2} ms " +
                  $"({Median(results.Select(r => r.Grpc.PostgresCpuMsPerRecord)):F2} PostgreSQL), Npgsql {Median(results.Select(r => r.Direct.CpuMsPerRecord)):F2} ms " +
                  $"({Median(results.Select(r => r.Direct.PostgresCpuMsPerRecord)):F2} PostgreSQL); at 2 cores fully used that is at most " +
                  $"{2000 / Median(results.Select(r => r.Grpc.CpuMsPerRecord)):F0} records/s over gRPC.");
var target = Median(results.Select(r => r.Grpc.RecordsPerSecond)) >= 1000 ? "met" : "NOT met";
Console.WriteLine($"Target ≥ 1,000 records/s over gRPC: {target}.");

await app.StopAsync();
await app.DisposeAsync();
return;

string Customer(int client, int record) => customers[client][record % customersPerClient];

// Waits until the outbox relay has published every event written so far.
async Task DrainOutboxAsync()
{
    await using var pending = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM activities.outbox_messages WHERE sent_at IS NULL)");
    while ((bool)(await pending.ExecuteScalarAsync())!)
    {
        await Task.Delay(20);
    }
}

async Task SubmitAsync(int client, int record)
{
    var response = await clients[client].SubmitVisitRecordAsync(new SubmitVisitRecordRequest
    {
        ClientRecordId = Guid.NewGuid().ToString(),
        Content = Content(Customer(client, record)),
    });
    if (!response.Created)
    {
        throw new InvalidOperationException("A fresh client id was treated as a replay.");
    }
}

static VisitRecordContent Content(string customerId) => new()
{
    CustomerId = new CustomerId { Value = customerId },
    VisitTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-30)),
    Budget = "confirmedBelow500k",
    ObjectionType = "price",
    BiggestConcern = "budgetInsufficient",
    PromisedDeliverable = "下周提供<b>成本分析</b>与 ROI 测算，附三家同类医院的使用数据",
    NextTouchpoint = new NextTouchpoint
    {
        Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2)),
        Participants = { "张主任", "李科长" },
        Topic = "方案评审",
    },
    Gps = new GeoPoint { Latitude = 31.2304, Longitude = 121.4737 },
};
