using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using SalesMesh.Hosting.Processes;

namespace SalesMesh.Hosting.Tests;

/// <summary>A project as the AppHost runs it: Aspire's environment, endpoints, health, restarts.</summary>
public sealed class ProjectResourceTests
{
    [Fact]
    public async Task Project_gets_aspire_configuration_keys_and_both_endpoints_work()
    {
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ProjectResourceTests).Assembly);
        var postgres = builder.AddPostgres("postgres");
        var ordersDb = postgres.AddDatabase("orders-db");
        var cache = builder.AddRedis("cache");
        var probe = builder.AddProject("probe", TestPaths.TestServiceProject).WithHttpHealthCheck("/health");
        builder.AddProject("caller", TestPaths.TestServiceProject)
            .WithReference(ordersDb).WithReference(cache).WithReference(probe)
            .WaitFor(ordersDb).WaitFor(probe)
            .WithEnvironment("FEATURE_X", "on")
            .WithHttpHealthCheck("/health");
        await using var app = builder.Build();
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app.WaitForResourceHealthyAsync("caller", timeout.Token);

        using var http = app.CreateHttpClient("caller");
        var env = (await http.GetFromJsonAsync<Dictionary<string, string?>>("/env"))!;
        Assert.Equal(app.GetConnectionString("orders-db"), env["ConnectionStrings__orders-db"]);
        Assert.Matches(@"^Host=127\.0\.0\.1;Port=\d+;Username=postgres;Password=\w+;Database=orders-db$", env["ConnectionStrings__orders-db"]);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", env["ConnectionStrings__cache"]);
        Assert.Equal(app.GetEndpoint("probe", "http").ToString().TrimEnd('/'), env["services__probe__http__0"]);
        Assert.Equal(app.GetEndpoint("probe", "grpc").ToString().TrimEnd('/'), env["services__probe__grpc__0"]);
        Assert.Equal("caller", env["OTEL_SERVICE_NAME"]);
        Assert.StartsWith("service.instance.id=caller-", env["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT")); // only when a collector is configured
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("on", env["FEATURE_X"]);

        // The injected connection string reaches a database that exists.
        await using (var connection = new NpgsqlConnection(env["ConnectionStrings__orders-db"]))
        {
            await connection.OpenAsync();
            Assert.Equal("orders-db", connection.Database);
        }

        // "http" is HTTP/1.1; "grpc" accepts HTTP/2 with prior knowledge (no TLS, no upgrade).
        Assert.Equal("HTTP/1.1", await http.GetStringAsync("/protocol"));
        using var h2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        Assert.Equal("HTTP/2", await h2.GetStringAsync(new Uri(app.GetEndpoint("caller", "grpc"), "/protocol")));
    }

    [Fact]
    public async Task Killed_or_crashing_project_is_restarted_and_healthy_again()
    {
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ProjectResourceTests).Assembly);
        builder.AddProject("worker", TestPaths.TestServiceProject).WithHttpHealthCheck("/health");
        await using var app = builder.Build();
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var first = await app.WaitForResourceHealthyAsync("worker", timeout.Token);

        await app.KillResourceAsync("worker");
        Assert.False(LibC.ProcessExists(first.Pid!.Value));
        var second = await app.ResourceNotifications.WaitForResourceAsync("worker", s => s.IsHealthy && s.Restarts == 1, timeout.Token);
        Assert.NotEqual(first.Pid, second.Pid);
        Assert.Equal(137, second.LastExitCode); // 128 + SIGKILL, as the shell reports it

        using var http = app.CreateHttpClient("worker");
        await http.PostAsync("/crash/7", null);
        var third = await app.ResourceNotifications.WaitForResourceAsync("worker", s => s.IsHealthy && s.Restarts == 2, timeout.Token);
        Assert.Equal(7, third.LastExitCode);
        Assert.Equal("exited with code 7", third.LastError);
    }

    [Fact]
    public async Task WaitFor_holds_a_resource_until_its_dependency_is_healthy()
    {
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ProjectResourceTests).Assembly);
        var slow = builder.AddProject("slow", TestPaths.TestServiceProject)
            .WithEnvironment("HEALTH_DELAY_MS", "1500")
            .WithHttpHealthCheck("/health");
        builder.AddExecutable("dependent", "sleep", ".", "600").WaitFor(slow);
        await using var app = builder.Build();
        DateTimeOffset? slowHealthyAt = null;
        var dependentStates = new List<ResourceState>();
        app.ResourceNotifications.Changed += s =>
        {
            if (s.Name == "slow" && s.IsHealthy)
            {
                slowHealthyAt ??= DateTimeOffset.UtcNow;
            }
            if (s.Name == "dependent")
            {
                lock (dependentStates)
                {
                    dependentStates.Add(s.State);
                }
            }
        };
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var dependent = await app.WaitForResourceHealthyAsync("dependent", timeout.Token);

        Assert.NotNull(slowHealthyAt);
        Assert.True(dependent.StartedAt >= slowHealthyAt, $"dependent started {dependent.StartedAt:O}, slow healthy {slowHealthyAt:O}");
        Assert.Equal(ResourceState.Waiting, dependentStates[0]);
        Assert.Equal(["slow"], dependent.WaitsFor);
    }

    [Fact]
    public async Task Crash_loop_is_reported_with_exit_code_and_backs_off_exponentially()
    {
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ProjectResourceTests).Assembly,
            o => o.RestartBackoffInitial = TimeSpan.FromMilliseconds(300));
        builder.AddExecutable("crasher", "bash", ".", "-c", "echo boom >&2; exit 3");
        await using var app = builder.Build();
        var starts = new List<DateTimeOffset>();
        app.ResourceNotifications.Changed += s =>
        {
            if (s.Name == "crasher" && s.State == ResourceState.Starting)
            {
                lock (starts)
                {
                    starts.Add(DateTimeOffset.UtcNow);
                }
            }
        };
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var snapshot = await app.ResourceNotifications.WaitForResourceAsync("crasher", s => s.Restarts >= 4, timeout.Token);

        Assert.Equal(3, snapshot.LastExitCode);
        Assert.Equal("exited with code 3", snapshot.LastError);
        List<DateTimeOffset> times;
        lock (starts)
        {
            times = [.. starts];
        }
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        // 300 ms, 600 ms, 1200 ms: each gap at least the backoff, and growing.
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(280), $"first gap {gaps[0]}");
        Assert.True(gaps[2] >= TimeSpan.FromMilliseconds(1150), $"third gap {gaps[2]}");
        Assert.True(gaps[2] > gaps[0] * 2, $"gaps {string.Join(", ", gaps)}");
    }

    [Fact]
    public async Task Project_without_a_build_output_fails_to_start_with_a_clear_error()
    {
        var directory = TestPaths.NewTempDirectory("unbuilt");
        try
        {
            var project = Path.Combine(directory, "Unbuilt.csproj");
            await File.WriteAllTextAsync(project, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            var builder = DistributedApplicationTestingBuilder.Create(typeof(ProjectResourceTests).Assembly);
            builder.AddProject("unbuilt", project);
            await using var app = builder.Build();
            await app.StartAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var snapshot = await app.ResourceNotifications.WaitForResourceAsync("unbuilt", ResourceState.FailedToStart, timeout.Token);
            Assert.Contains("No build output for Unbuilt", snapshot.LastError);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
