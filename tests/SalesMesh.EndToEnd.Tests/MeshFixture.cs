using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using SalesMesh.AppHost;

namespace SalesMesh.EndToEnd.Tests;

/// <summary>
/// Boots the whole AppHost model once for the test class — PostgreSQL, Redis, RabbitMQ, five
/// services and the gateway as real child processes on temporary data — and waits until every
/// resource is healthy. Booting costs a minute or more on 2 cores, so the tests share it.
/// </summary>
public sealed class MeshFixture : IAsyncLifetime
{
    public static readonly string[] Resources =
    [
        "postgres", "cache", "messaging",
        "leads-db", "activities-db", "attribution-db", "revenue-db", "insights-db",
        "lead-routing", "activities", "attribution", "revenue", "insights", "gateway",
    ];

    /// <summary>The seeded administrator's password for this run, given to the gateway through its environment.</summary>
    private static readonly string AdminPassword = "E2e-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The mesh has not started.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        // Children inherit this process's environment: the gateway seeds `admin` with this password.
        Environment.SetEnvironmentVariable("Gateway__Auth__SeedAdminPassword", AdminPassword);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHostModel>();
        _app = builder.Build();
        await _app.StartAsync(timeout.Token);
        foreach (var resource in Resources)
            await _app.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    /// <summary>A gateway client signed in as the seeded administrator (bearer access token, 15 minutes).</summary>
    public async Task<HttpClient> SignedInGatewayAsync(CancellationToken cancellationToken)
    {
        var gateway = App.CreateHttpClient("gateway");
        using var response = await gateway.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = "admin", password = AdminPassword }, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var tokens = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.RootElement.GetProperty("accessToken").GetString());
        return gateway;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

/// <summary>One mesh for every end-to-end test class, and those classes run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class MeshCollection : ICollectionFixture<MeshFixture>
{
    public const string Name = "mesh";
}
