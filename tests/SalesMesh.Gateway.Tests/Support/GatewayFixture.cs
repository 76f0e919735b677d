using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Activities;
using SalesMesh.Gateway.Data;
using SalesMesh.LeadRouting;
using SalesMesh.Testing;

namespace SalesMesh.Gateway.Tests.Support;

/// <summary>
/// Started once for the whole test run: LeadRouting, Activities and the probe service behind one
/// gateway, with one internal-token key (as the AppHost wires it) and the gateway's own database.
/// Tests isolate through fresh users and unique ids, not fresh hosts.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public static readonly string InternalKey = NewKey();
    public static readonly string AccessTokenKey = NewKey();

    private Host? _gateway;

    public Host LeadRouting { get; private set; } = null!;
    public Host Activities { get; private set; } = null!;
    public Host Probe { get; private set; } = null!;
    public Host Gateway => _gateway!;
    public ProbeRecorder Recorder { get; } = new();
    public string GatewayDatabase { get; private set; } = null!;
    public string Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var bus = await SharedInfrastructure.CreateVirtualHostAsync("gateway");
        Redis = await SharedInfrastructure.GetRedisConnectionStringAsync();
        var leadsDb = await SharedInfrastructure.CreateDatabaseAsync("leads-db");
        var activitiesDb = await SharedInfrastructure.CreateDatabaseAsync("activities-db");
        GatewayDatabase = await SharedInfrastructure.CreateDatabaseAsync("gateway-db");

        var leadRouting = Host.StartAsync(LeadRoutingApp.Create, ServiceSettings("leads-db", leadsDb, bus));
        var activities = Host.StartAsync(args => ActivitiesApp.Create(args), ServiceSettings("activities-db", activitiesDb, bus));
        var probe = Host.StartProbeAsync(InternalKey, Recorder);
        LeadRouting = await leadRouting;
        Activities = await activities;
        Probe = await probe;
        _gateway = await StartGatewayAsync(new Dictionary<string, string>
        {
            // Generous: only the rate-limit tests (with their own gateways) hit limits.
            ["Gateway:RateLimits:PerIp:PermitLimit"] = "100000",
            ["Gateway:RateLimits:PerUser:PermitLimit"] = "100000",
        });
    }

    /// <summary>Another gateway on the same services and database (e.g. a second replica), with extra settings.</summary>
    public Task<Host> StartGatewayAsync(IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:gateway-db"] = GatewayDatabase,
            ["ConnectionStrings:cache"] = Redis,
            ["SalesMesh:InternalToken:SigningKey"] = InternalKey,
            ["Gateway:Auth:SigningKey"] = AccessTokenKey,
            ["Gateway:ContractAssemblies:0"] = typeof(ProbeGrpcService).Assembly.GetName().Name!,
            ["Gateway:RateLimits:KeyPrefix"] = SharedInfrastructure.NewRedisKeyPrefix("gateway-rl"),
            ["Gateway:Sse:HeartbeatSeconds"] = "1",
            ["services:lead-routing:grpc:0"] = LeadRouting.GrpcUrl,
            ["services:activities:grpc:0"] = Activities.GrpcUrl,
            ["services:gatewaytest:grpc:0"] = Probe.GrpcUrl,
        };
        foreach (var (key, value) in extra)
            settings[key] = value;
        return Host.StartAsync(GatewayApp.Create, settings);
    }

    /// <summary>A new user straight in the store (the admin API has its own tests); returns the id and password.</summary>
    public async Task<TestUser> CreateUserAsync(string[] roles, string? teamId = null, Guid? supervisorId = null)
    {
        await using var scope = Gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        var user = new UserRecord
        {
            Id = Guid.NewGuid(),
            UserName = "u" + Guid.NewGuid().ToString("N")[..12],
            DisplayName = "测试用户",
            PasswordHash = "",
            Roles = roles,
            TeamId = teamId,
            SupervisorId = supervisorId,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        user.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<UserRecord>>().HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return new TestUser(user.Id, user.UserName, password);
    }

    /// <summary>Signs in through the REST API and returns the token response.</summary>
    public async Task<JsonElement> SignInAsync(TestUser user, HttpClient? client = null)
    {
        using var response = await (client ?? Gateway.Http).PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = user.UserName, password = user.Password });
        Assert.True(response.IsSuccessStatusCode, $"sign-in failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>An HttpClient on the gateway carrying <paramref name="user"/>'s access token.</summary>
    public async Task<HttpClient> ClientForAsync(TestUser user)
    {
        var tokens = await SignInAsync(user);
        var client = new HttpClient { BaseAddress = new Uri(Gateway.HttpUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return client;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _gateway, Probe, LeadRouting, Activities })
        {
            if (host is not null)
                await host.DisposeAsync();
        }
    }

    private static Dictionary<string, string> ServiceSettings(string databaseName, string database, string bus) => new()
    {
        [$"ConnectionStrings:{databaseName}"] = database,
        ["ConnectionStrings:messaging"] = bus,
        ["ConnectionStrings:cache"] = SharedInfrastructure.GetRedisConnectionStringAsync().GetAwaiter().GetResult(),
        ["SalesMesh:InternalToken:SigningKey"] = InternalKey,
    };

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

public sealed record TestUser(Guid Id, string UserName, string Password);

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
