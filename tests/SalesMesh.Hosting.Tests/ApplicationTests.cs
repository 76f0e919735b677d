using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using SalesMesh.Hosting.Processes;

namespace SalesMesh.Hosting.Tests;

/// <summary>The application as a whole: dashboard API, data lifetime, manifest, bad wiring.</summary>
public sealed class ApplicationTests
{
    [Fact]
    public async Task Dashboard_serves_resources_json_and_an_html_page_then_stop_leaves_no_process()
    {
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ApplicationTests).Assembly);
        var postgres = builder.AddPostgres("postgres");
        postgres.AddDatabase("leads-db");
        builder.AddRedis("cache");
        builder.AddExecutable("sleeper", "sleep", ".", "600");
        await using var app = builder.Build();
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        foreach (var name in new[] { "leads-db", "cache", "sleeper" })
        {
            await app.WaitForResourceHealthyAsync(name, timeout.Token);
        }

        using var http = new HttpClient { BaseAddress = app.DashboardUrl };
        using var json = JsonDocument.Parse(await http.GetStringAsync("/api/resources"));
        var resources = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["cache", "leads-db", "postgres", "sleeper"], resources.Keys.Order());
        var cache = resources["cache"];
        Assert.Equal("redis", cache.GetProperty("type").GetString());
        Assert.Equal("Running", cache.GetProperty("state").GetString());
        Assert.Equal("Healthy", cache.GetProperty("health").GetString());
        Assert.Equal(app.GetProcessIds("cache")[0], cache.GetProperty("pid").GetInt32());
        Assert.Equal(0, cache.GetProperty("restarts").GetInt32());
        Assert.StartsWith("tcp://127.0.0.1:", cache.GetProperty("endpoints").GetProperty("tcp").GetString());
        Assert.Equal(["postgres"], resources["leads-db"].GetProperty("waitsFor").EnumerateArray().Select(e => e.GetString()));

        Assert.Contains("/api/resources", await http.GetStringAsync("/"));
        var missing = await http.GetAsync("/api/resources/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var pids = app.GetAllProcessIds();
        Assert.Equal(3, pids.Count); // postmaster, redis-server, sleep
        await app.StopAsync();
        Assert.All(pids, pid => Assert.False(LibC.ProcessExists(pid), $"pid {pid} still exists"));
        Assert.Equal(ResourceState.Stopped, app.GetResource("postgres").State);
    }

    [Fact]
    public async Task Disposing_while_resources_are_still_starting_stops_them_and_deletes_test_data()
    {
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ApplicationTests).Assembly);
        builder.AddRedis("cache");
        builder.AddProject("worker", TestPaths.TestServiceProject).WithHttpHealthCheck("/health");
        builder.AddExecutable("missing", "/nonexistent/tool", ".");
        var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceAsync("worker", s => s.State != ResourceState.NotStarted);

        await app.DisposeAsync();

        Assert.False(Directory.Exists(app.DataDirectory));
        Assert.Empty(app.GetAllProcessIds());
        Assert.All(new[] { "cache", "worker", "missing" }, name => Assert.Equal(ResourceState.Stopped, app.GetResource(name).State));
    }

    [Fact]
    public async Task Crashed_infrastructure_is_restarted_on_the_same_port()
    {
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ApplicationTests).Assembly);
        builder.AddRedis("cache");
        await using var app = builder.Build();
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var before = await app.WaitForResourceHealthyAsync("cache", timeout.Token);

        await app.KillResourceAsync("cache");
        var after = await app.ResourceNotifications.WaitForResourceAsync("cache", s => s.IsHealthy && s.Restarts == 1, timeout.Token);
        Assert.NotEqual(before.Pid, after.Pid);
        Assert.Equal(before.Endpoints["tcp"], after.Endpoints["tcp"]);
        Assert.Equal(137, after.LastExitCode);
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(app.GetConnectionString("cache"));
        Assert.True(await redis.GetDatabase().StringSetAsync("alive", "1"));
    }

    [Fact]
    public async Task Data_survives_an_apphost_restart_and_reset_wipes_it()
    {
        var dataDirectory = TestPaths.NewTempDirectory("persist");
        try
        {
            int firstPort;
            await using (var app = BuildPostgresApp(dataDirectory, reset: false))
            {
                await app.StartAsync();
                await app.WaitForResourceHealthyAsync("leads-db");
                firstPort = app.GetEndpoint("postgres", "tcp").Port;
                await ExecuteAsync(app.GetConnectionString("leads-db"), "CREATE TABLE leads (id int); INSERT INTO leads VALUES (1)");
            }
            await using (var app = BuildPostgresApp(dataDirectory, reset: false))
            {
                await app.StartAsync();
                await app.WaitForResourceHealthyAsync("leads-db");
                Assert.Equal(firstPort, app.GetEndpoint("postgres", "tcp").Port); // stable while free
                Assert.Equal(1L, await ScalarAsync(app.GetConnectionString("leads-db"), "SELECT count(*) FROM leads"));
            }
            await using (var app = BuildPostgresApp(dataDirectory, reset: true))
            {
                await app.StartAsync();
                await app.WaitForResourceHealthyAsync("leads-db");
                Assert.Equal(0L, await ScalarAsync(app.GetConnectionString("leads-db"),
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'leads'"));
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Manifest_lists_resources_references_and_placeholder_environment()
    {
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ApplicationTests).Assembly);
        var postgres = builder.AddPostgres("postgres");
        var leadsDb = postgres.AddDatabase("leads-db");
        var messaging = builder.AddRabbitMQ("messaging");
        var api = builder.AddProject("lead-routing", TestPaths.TestServiceProject)
            .WithReference(leadsDb).WithReference(messaging).WaitFor(leadsDb).WithHttpHealthCheck("/health");
        builder.AddProject("gateway", TestPaths.TestServiceProject).WithReference(api)
            .WithExternalHttpEndpoints().WithHttpEndpoint(port: 8080, name: "http");
        var app = builder.Build();
        var file = Path.Combine(TestPaths.NewTempDirectory("manifest"), "aspire-manifest.json");
        await app.PublishManifestAsync(file);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var resources = json.RootElement.GetProperty("resources");
        Assert.Equal("postgres.server.v0", resources.GetProperty("postgres").GetProperty("type").GetString());
        Assert.Equal("{postgres.connectionString};Database=leads-db", resources.GetProperty("leads-db").GetProperty("connectionString").GetString());
        var leadRouting = resources.GetProperty("lead-routing");
        Assert.Equal("project.v0", leadRouting.GetProperty("type").GetString());
        Assert.EndsWith("SalesMesh.Hosting.TestService.csproj", leadRouting.GetProperty("path").GetString());
        var env = leadRouting.GetProperty("env");
        Assert.Equal("{leads-db.connectionString}", env.GetProperty("ConnectionStrings__leads-db").GetString());
        Assert.Equal("{messaging.connectionString}", env.GetProperty("ConnectionStrings__messaging").GetString());
        Assert.Equal("Http2", env.GetProperty("Kestrel__Endpoints__grpc__Protocols").GetString());
        Assert.Equal(["leads-db"], leadRouting.GetProperty("waitFor").EnumerateArray().Select(e => e.GetString()));
        var gateway = resources.GetProperty("gateway");
        Assert.Equal("{lead-routing.bindings.grpc.url}", gateway.GetProperty("env").GetProperty("services__lead-routing__grpc__0").GetString());
        Assert.Equal(8080, gateway.GetProperty("bindings").GetProperty("http").GetProperty("port").GetInt32());
        Assert.True(gateway.GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
        Assert.False(Directory.Exists(app.DataDirectory)); // publishing starts nothing and creates no data
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public void Bad_wiring_is_rejected_with_a_specific_error()
    {
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ApplicationTests).Assembly);
        Assert.Contains("kebab-case", Assert.Throws<ArgumentException>(() => builder.AddRedis("Lead_Routing")).Message);
        builder.AddRedis("cache");
        Assert.Contains("already exists", Assert.Throws<InvalidOperationException>(() => builder.AddRedis("cache")).Message);
        var postgres = builder.AddPostgres("postgres");
        Assert.Throws<ArgumentException>(() => postgres.AddDatabase("db", "bad\"name"));
        var a = builder.AddExecutable("a", "sleep", ".", "1");
        var b = builder.AddExecutable("b", "sleep", ".", "1").WaitFor(a);
        a.WaitFor(b);
        Assert.Contains("WaitFor cycle", Assert.Throws<InvalidOperationException>(() => builder.Build()).Message);
        Assert.Throws<ArgumentException>(() => a.WithHttpHealthCheck("health"));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.WithHttpEndpoint(port: 70000));
        Assert.Equal(4, builder.Resources.Count(r => r.Name is "cache" or "postgres" or "a" or "b"));
    }

    [Fact]
    public void Command_line_options_are_parsed_and_bad_values_rejected()
    {
        var options = DistributedApplicationOptions.Parse(["--reset", "--data-dir", "/tmp/x", "--dashboard-port=0", "--gateway-port", "9000"]);
        Assert.True(options.Reset);
        Assert.Equal("/tmp/x", options.DataDirectory);
        Assert.Equal(0, options.DashboardPort);
        Assert.Null(DistributedApplicationOptions.Parse(["--no-dashboard"]).DashboardPort);
        Assert.Contains("only 'manifest'", Assert.Throws<ArgumentException>(() => DistributedApplicationOptions.Parse(["--publisher", "k8s", "--output-path", "x"])).Message);
        Assert.Contains("--output-path", Assert.Throws<ArgumentException>(() => DistributedApplicationOptions.Parse(["--publisher", "manifest"])).Message);
        Assert.Contains("not a port", Assert.Throws<ArgumentException>(() => DistributedApplicationOptions.Parse(["--dashboard-port", "http"])).Message);
        var builder = DistributedApplication.CreateBuilder(["--gateway-port", "9000"]);
        Assert.Equal("9000", builder.Configuration["gateway-port"]);
    }

    [Fact]
    public async Task A_fixed_port_in_use_stops_the_start_before_anything_runs()
    {
        using var blocker = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var busyPort = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ApplicationTests).Assembly, o => o.RandomizePorts = false);
        builder.AddRedis("cache", port: busyPort);
        await using var app = builder.Build();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
        Assert.Contains($"127.0.0.1:{busyPort}", error.Message);
        Assert.Equal(ResourceState.NotStarted, app.GetResource("cache").State);
        Assert.Empty(app.GetAllProcessIds());
    }

    private static DistributedApplication BuildPostgresApp(string dataDirectory, bool reset)
    {
        var builder = DistributedApplicationTestingBuilder.Create(typeof(ApplicationTests).Assembly, o =>
        {
            o.DataDirectory = dataDirectory;
            o.Reset = reset;
            o.DashboardPort = null;
        });
        builder.AddPostgres("postgres").AddDatabase("leads-db");
        return builder.Build();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
