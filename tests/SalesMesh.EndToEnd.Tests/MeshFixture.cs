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

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The mesh has not started.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHostModel>();
        _app = builder.Build();
        await _app.StartAsync(timeout.Token);
        foreach (var resource in Resources)
            await _app.WaitForResourceHealthyAsync(resource, timeout.Token);
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
