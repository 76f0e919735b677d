using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Activities;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.Gateway;
using SalesMesh.Gateway.Data;
using SalesMesh.Hosting.Processes;
using SalesMesh.LeadRouting;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.Testing;

// Lead intake: REST via the gateway vs. gRPC straight to LeadRouting, same hosts, same database,
// 16 concurrent clients, rounds alternating A/B so machine noise hits both alike.
// Throughput is measured closed-loop (saturated); latency added by the gateway open-loop at a fixed
// rate well below saturation, where queueing does not drown the gateway's own cost.
// Usage: dotnet run -c Release --project bench/gateway [rounds=6] [seconds=8] [clients=16] [intakeRate=30] [readRate=200]
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 6;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 8;
var clients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
var intakeRate = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 30;
var readRate = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 200;

var internalKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
var bus = await SharedInfrastructure.CreateVirtualHostAsync("bench");
var redis = await SharedInfrastructure.GetRedisConnectionStringAsync();
var leadRouting = await StartAsync(LeadRoutingApp.Create, new()
{
    ["ConnectionStrings:leads-db"] = await SharedInfrastructure.CreateDatabaseAsync("leads-db"),
    ["ConnectionStrings:messaging"] = bus,
    ["ConnectionStrings:cache"] = redis,
    ["SalesMesh:InternalToken:SigningKey"] = internalKey,
});
var activities = await StartAsync(a => ActivitiesApp.Create(a), new()
{
    ["ConnectionStrings:activities-db"] = await SharedInfrastructure.CreateDatabaseAsync("activities-db"),
    ["ConnectionStrings:messaging"] = bus,
    ["ConnectionStrings:cache"] = redis,
    ["SalesMesh:InternalToken:SigningKey"] = internalKey,
});
var gateway = await StartAsync(GatewayApp.Create, new()
{
    ["ConnectionStrings:gateway-db"] = await SharedInfrastructure.CreateDatabaseAsync("gateway-db"),
    ["ConnectionStrings:cache"] = redis,
    ["SalesMesh:InternalToken:SigningKey"] = internalKey,
    ["Gateway:Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Gateway:RateLimits:Enabled"] = "true",
    ["Gateway:RateLimits:PerIp:PermitLimit"] = "100000000",
    ["Gateway:RateLimits:PerUser:PermitLimit"] = "100000000",
    ["services:lead-routing:grpc:0"] = leadRouting.Grpc,
    ["services:activities:grpc:0"] = activities.Grpc,
});

// Both paths act as the same signed-in rep: REST with a bearer token (validated, rate-counted,
// turned into an internal token per call), gRPC with an internal token minted once up front.
var (userId, password) = await CreateRepAsync(gateway.App);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
{
    BaseAddress = new Uri(gateway.Http),
};
using (var signIn = await http.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = "bench-rep", password }))
{
    signIn.EnsureSuccessStatusCode();
    var token = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}
using var channel = GrpcChannel.ForAddress(leadRouting.Grpc);
var grpc = new LeadRoutingService.LeadRoutingServiceClient(channel);
using var activitiesChannel = GrpcChannel.ForAddress(activities.Grpc);
var stagesClient = new ActivitiesService.ActivitiesServiceClient(activitiesChannel);
var identity = new Metadata
{
    { InternalTokenOptions.MetadataKey, InternalToken.Issue(new Caller(userId.ToString(), "bench", new HashSet<string> { "rep" }, null), Convert.FromBase64String(internalKey), DateTimeOffset.UtcNow, TimeSpan.FromHours(2)) },
};

var counter = 0L;
string NextKey() => "bench-" + Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture) + "-" + Environment.ProcessId;
// Distinct phones: every lead is new (no merge path), like a busy intake day.
string Phone(string key) => "13" + (Math.Abs(key.GetHashCode()) % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);

async Task RestOnceAsync()
{
    var key = NextKey();
    var json = $$"""{"idempotencyKey":"{{key}}","channel":"LEAD_CHANNEL_WEB_FORM","name":"压测","phone":"{{Phone(key)}}","city":"杭州"}""";
    using var response = await http.PostAsync("/api/v1/leads", new StringContent(json, Encoding.UTF8, "application/json"));
    if (!response.IsSuccessStatusCode)
        throw new InvalidOperationException($"REST {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    await response.Content.ReadAsByteArrayAsync();
}

async Task GrpcOnceAsync()
{
    var key = NextKey();
    await grpc.IntakeLeadAsync(new IntakeLeadRequest { IdempotencyKey = key, Channel = LeadChannel.WebForm, Name = "压测", Phone = Phone(key), City = "杭州" }, identity);
}

// A cheap read (one small indexed query) shows the gateway's own cost where the service does not drown it.
async Task RestStagesOnceAsync()
{
    using var response = await http.GetAsync("/api/v1/activities/pipeline-stages");
    if (!response.IsSuccessStatusCode)
        throw new InvalidOperationException($"REST {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    await response.Content.ReadAsByteArrayAsync();
}

async Task GrpcStagesOnceAsync() => await stagesClient.GetPipelineStagesAsync(new GetPipelineStagesRequest(), identity);

async Task<(double Throughput, double P50, double P99)> RoundAsync(Func<Task> call, TimeSpan duration)
{
    var latencies = new List<double>[clients];
    var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
    {
        var mine = latencies[c] = new List<double>(4096);
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var t0 = Stopwatch.GetTimestamp();
            await call();
            mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
    }));
    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return (all.Length / elapsed, all[all.Length / 2], all[(int)Math.Min(all.Length - 1, Math.Ceiling(all.Length * 0.99) - 1)]);
}

await ComparePairAsync("lead intake: POST /api/v1/leads vs LeadRoutingService.IntakeLead", RestOnceAsync, GrpcOnceAsync);
await ComparePairAsync("cheap read: GET /api/v1/activities/pipeline-stages vs ActivitiesService.GetPipelineStages", RestStagesOnceAsync, GrpcStagesOnceAsync);
await CompareLatencyAsync("lead intake", intakeRate, RestOnceAsync, GrpcOnceAsync);
await CompareLatencyAsync("cheap read", readRate, RestStagesOnceAsync, GrpcStagesOnceAsync);

// Sends at a fixed rate whatever the answers do; latency counts from the scheduled send time, so a
// stall is charged to every request it delayed (no coordinated omission).
async Task<(double P50, double P99)> OpenRoundAsync(Func<Task> call, double rate, TimeSpan duration)
{
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var inFlight = new List<Task>();
    var started = Stopwatch.GetTimestamp();
    var total = (int)(rate * duration.TotalSeconds);
    for (var i = 0; i < total; i++)
    {
        var scheduled = started + (long)(i / rate * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < scheduled)
            await Task.Delay(1);
        inFlight.Add(Task.Run(async () =>
        {
            await call();
            latencies.Add(Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
        }));
    }
    await Task.WhenAll(inFlight);
    var all = latencies.Order().ToArray();
    return (all[all.Length / 2], all[(int)Math.Min(all.Length - 1, Math.Ceiling(all.Length * 0.99) - 1)]);
}

async Task CompareLatencyAsync(string title, double rate, Func<Task> restCall, Func<Task> grpcCall)
{
    Console.WriteLine();
    Console.WriteLine($"== added latency, {title}: open loop at {rate} req/s, {rounds} rounds of {seconds} s each path");
    var rest = new List<(double P50, double P99)>();
    var direct = new List<(double P50, double P99)>();
    Console.WriteLine("round  path     p50 ms   p99 ms");
    for (var r = 1; r <= rounds; r++)
    {
        var order = r % 2 == 1 ? new[] { "rest", "grpc" } : ["grpc", "rest"];
        foreach (var path in order)
        {
            var result = await OpenRoundAsync(path == "rest" ? restCall : grpcCall, rate, TimeSpan.FromSeconds(seconds));
            (path == "rest" ? rest : direct).Add(result);
            Console.WriteLine($"{r,5}  {path,-5} {result.P50,9:F2} {result.P99,8:F2}");
        }
    }
    Console.WriteLine($"median p50 REST {Median(rest.Select(x => x.P50)):F2} ms, gRPC {Median(direct.Select(x => x.P50)):F2} ms; added p50 {Median(rest.Zip(direct, (a, b) => a.P50 - b.P50)):F2} ms");
    Console.WriteLine($"median p99 REST {Median(rest.Select(x => x.P99)):F2} ms, gRPC {Median(direct.Select(x => x.P99)):F2} ms");
    Console.WriteLine($"added p99 (median of per-round differences): {Median(rest.Zip(direct, (a, b) => a.P99 - b.P99)):F2} ms   (target < 5 ms)");
}

async Task ComparePairAsync(string title, Func<Task> restCall, Func<Task> grpcCall)
{
    Console.WriteLine();
    Console.WriteLine($"== {title} ({clients} clients, {rounds} rounds of {seconds} s each path)");
    // Warm-up long enough for tiered JIT to settle (EF Core, Npgsql, MassTransit are not precompiled).
    await RoundAsync(restCall, TimeSpan.FromSeconds(15));
    await RoundAsync(grpcCall, TimeSpan.FromSeconds(15));
    var rest = new List<(double Throughput, double P50, double P99)>();
    var direct = new List<(double Throughput, double P50, double P99)>();
    Console.WriteLine("round  path     req/s    p50 ms   p99 ms");
    for (var r = 1; r <= rounds; r++)
    {
        // Alternate which path goes first, so drift within a pair does not favour one.
        var order = r % 2 == 1 ? new[] { "rest", "grpc" } : ["grpc", "rest"];
        foreach (var path in order)
        {
            var result = await RoundAsync(path == "rest" ? restCall : grpcCall, TimeSpan.FromSeconds(seconds));
            (path == "rest" ? rest : direct).Add(result);
            Console.WriteLine($"{r,5}  {path,-5} {result.Throughput,9:F0} {result.P50,9:F2} {result.P99,8:F2}");
        }
    }
    var ratios = rest.Zip(direct, (a, b) => a.Throughput / b.Throughput).ToList();
    var addedP99 = rest.Zip(direct, (a, b) => a.P99 - b.P99).ToList();
    Console.WriteLine($"median throughput  REST {Median(rest.Select(x => x.Throughput)):F0} req/s, gRPC {Median(direct.Select(x => x.Throughput)):F0} req/s");
    Console.WriteLine($"median p50         REST {Median(rest.Select(x => x.P50)):F2} ms, gRPC {Median(direct.Select(x => x.P50)):F2} ms");
    Console.WriteLine($"median p99         REST {Median(rest.Select(x => x.P99)):F2} ms, gRPC {Median(direct.Select(x => x.P99)):F2} ms");
    Console.WriteLine($"throughput ratio REST/gRPC (median of per-round ratios): {Median(ratios):F2}   (target >= 0.70)");
    Console.WriteLine($"p99 difference at saturation (queueing, not the target's measure): {Median(addedP99):F2} ms");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

await gateway.App.StopAsync();
await leadRouting.App.StopAsync();
await activities.App.StopAsync();
return 0;

static async Task<(WebApplication App, string Http, string Grpc)> StartAsync(Func<string[], WebApplication> create, Dictionary<string, string> settings)
{
    var httpPort = PortAllocator.Allocate();
    var grpcPort = PortAllocator.Allocate();
    settings["environment"] = "Production";
    settings["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{httpPort}";
    settings["Kestrel:Endpoints:http:Protocols"] = "Http1";
    settings["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}";
    settings["Kestrel:Endpoints:grpc:Protocols"] = "Http2";
    settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
    settings["Logging:LogLevel:Default"] = "Warning";
    var app = create([.. settings.Select(s => $"--{s.Key}={s.Value}")]);
    await app.StartAsync();
    return (app, $"http://127.0.0.1:{httpPort}", $"http://127.0.0.1:{grpcPort}");
}

static async Task<(Guid Id, string Password)> CreateRepAsync(WebApplication gateway)
{
    await using var scope = gateway.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
    var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
    var user = new UserRecord { Id = Guid.NewGuid(), UserName = "bench-rep", DisplayName = "压测销售", PasswordHash = "", Roles = ["rep"], CreatedAt = DateTimeOffset.UtcNow };
    user.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<UserRecord>>().HashPassword(user, password);
    db.Users.Add(user);
    await db.SaveChangesAsync();
    return (user.Id, password);
}
