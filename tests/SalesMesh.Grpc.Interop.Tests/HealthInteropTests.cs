using SalesMesh.Grpc.Interop.Tests.Infrastructure;

namespace SalesMesh.Grpc.Interop.Tests;

/// <summary>grpc.health.v1.Health on our server, called by @grpc/grpc-js.</summary>
public sealed class HealthInteropTests(OurServerFixture server) : IClassFixture<OurServerFixture>
{
    [Fact]
    public async Task Check_reports_serving_for_known_services_and_NOT_FOUND_for_unknown_ones()
    {
        server.InteropHealth.Healthy = true;

        var result = await GrpcJsClient.RunAsync(server.Address, "health", OurServerFixture.InteropHealthName);

        Assert.Equal("SERVING", result.GetProperty("overall").GetProperty("status").GetString());
        Assert.Equal("SERVING", result.GetProperty("known").GetProperty("status").GetString());
        Assert.Equal(5, result.GetProperty("unknown").GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Check_follows_the_backing_health_check()
    {
        server.InteropHealth.Healthy = false;
        try
        {
            var result = await GrpcJsClient.RunAsync(server.Address, "health", OurServerFixture.InteropHealthName);

            Assert.Equal("NOT_SERVING", result.GetProperty("known").GetProperty("status").GetString());
            // The overall status ("") covers every check, so it goes down too.
            Assert.Equal("NOT_SERVING", result.GetProperty("overall").GetProperty("status").GetString());
        }
        finally
        {
            server.InteropHealth.Healthy = true;
        }
    }

    [Fact]
    public async Task Watch_pushes_each_change_of_status()
    {
        server.InteropHealth.Healthy = true;
        await using var watch = NodeProcess.StartNode("client.js", server.Address, "watch", OurServerFixture.InteropHealthName, "3");
        var timeout = TimeSpan.FromSeconds(20);

        Assert.Equal("SERVING", (await watch.ReadJsonLineAsync(timeout)).GetProperty("status").GetString());
        server.InteropHealth.Healthy = false;
        Assert.Equal("NOT_SERVING", (await watch.ReadJsonLineAsync(timeout)).GetProperty("status").GetString());
        server.InteropHealth.Healthy = true;
        Assert.Equal("SERVING", (await watch.ReadJsonLineAsync(timeout)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Watch_of_an_unknown_service_says_SERVICE_UNKNOWN_instead_of_failing()
    {
        await using var watch = NodeProcess.StartNode("client.js", server.Address, "watch", "no.such.Service", "1");

        var first = await watch.ReadJsonLineAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("SERVICE_UNKNOWN", first.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Shutdown_ends_watch_streams_as_not_serving_without_holding_up_the_host()
    {
        // A server of its own: this test stops it.
        var own = new OurServerFixture();
        await own.InitializeAsync();
        await using var watch = NodeProcess.StartNode("client.js", own.Address, "watch", OurServerFixture.InteropHealthName, "5");
        var timeout = TimeSpan.FromSeconds(20);
        Assert.Equal("SERVING", (await watch.ReadJsonLineAsync(timeout)).GetProperty("status").GetString());

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await own.DisposeAsync();
        stopping.Stop();

        // Our runtime cancels streaming calls when the host stops, so the watcher learns it either
        // as a last NOT_SERVING message or as the stream failing with UNAVAILABLE — never as a
        // clean end that could read as "still serving".
        var line = await watch.ReadJsonLineAsync(timeout);
        if (line.TryGetProperty("status", out var status))
        {
            Assert.Equal("NOT_SERVING", status.GetString());
            line = await watch.ReadJsonLineAsync(timeout);
        }

        Assert.True(line.TryGetProperty("error", out var error) && error.GetProperty("code").GetInt32() == 14 ||
                    line.GetProperty("statuses").EnumerateArray().Last().GetString() == "NOT_SERVING",
            $"watch did not end as not serving: {line}");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(4), $"stopping took {stopping.Elapsed}: the Watch stream held up shutdown");
    }
}
