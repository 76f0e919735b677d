using System.Net;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests;

public sealed class HealthTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Health_is_green_with_every_dependency_up_and_alive_looks_only_at_the_process()
    {
        await using var host = await TestServiceHost.StartAsync(new()
        {
            Database = await infra.CreateDatabaseAsync("sd_health"),
            Redis = infra.RedisConnectionString,
        });

        var health = await HealthAnswer.GetAsync(host.Http, "/health");
        Assert.Equal(HttpStatusCode.OK, health.Code);
        Assert.Equal("Healthy", health.Status);
        Assert.Equal("Healthy", health.Checks["leads-db"]);
        Assert.Equal("Healthy", health.Checks["cache"]);
        Assert.Equal("Healthy", health.Checks["self"]);

        var alive = await HealthAnswer.GetAsync(host.Http, "/alive");
        Assert.Equal(HttpStatusCode.OK, alive.Code);
        Assert.Equal(["self"], alive.Checks.Keys);
    }

    [Fact]
    public async Task Health_turns_unhealthy_when_Redis_or_PostgreSQL_is_down_while_alive_stays_healthy()
    {
        // A PostgreSQL of our own, so stopping it disturbs no other test.
        var postgres = await SharedInfrastructure.StartPrivatePostgresAsync("sd-health-pg");
        await using var _ = postgres;
        await postgres.CreateDatabaseIfNotExistsAsync("svc");
        await using var host = await TestServiceHost.StartAsync(new()
        {
            Database = postgres.GetConnectionString("svc"),
            Redis = $"127.0.0.1:{FreePort.Closed()}", // nothing listens there
        });

        var redisDown = await HealthAnswer.GetAsync(host.Http, "/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, redisDown.Code);
        Assert.Equal("Unhealthy", redisDown.Checks["cache"]);
        Assert.Equal("Healthy", redisDown.Checks["leads-db"]);

        await postgres.StopAsync();
        var bothDown = await HealthAnswer.GetAsync(host.Http, "/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, bothDown.Code);
        Assert.Equal("Unhealthy", bothDown.Checks["leads-db"]);

        var alive = await HealthAnswer.GetAsync(host.Http, "/alive");
        Assert.Equal(HttpStatusCode.OK, alive.Code);
        Assert.Equal("Healthy", alive.Status);
    }
}
