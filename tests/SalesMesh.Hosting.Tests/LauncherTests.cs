using Npgsql;
using SalesMesh.Hosting.Processes;
using SalesMesh.Hosting.Servers;
using StackExchange.Redis;

namespace SalesMesh.Hosting.Tests;

/// <summary>The launcher classes against the real servers.</summary>
public sealed class LauncherTests
{
    [Fact]
    public async Task Postgres_keeps_data_across_a_restart_and_loses_it_after_DeleteData()
    {
        var dataDirectory = TestPaths.NewTempDirectory("pg");
        var server = new PostgresServer(new PostgresServerOptions { DataDirectory = dataDirectory, Port = PortAllocator.Allocate() });
        try
        {
            await server.StartAsync();
            await server.CreateDatabaseIfNotExistsAsync("leads-db");
            await server.CreateDatabaseIfNotExistsAsync("leads-db"); // idempotent
            await ExecuteAsync(server.GetConnectionString("leads-db"), "CREATE TABLE leads (id int); INSERT INTO leads VALUES (42)");
            var password = server.Password;

            await server.StopAsync();
            Assert.Empty(server.Pids);
            Assert.False(await server.IsHealthyAsync());

            await server.StartAsync();
            Assert.Equal(42, await ScalarAsync(server.GetConnectionString("leads-db"), "SELECT id FROM leads"));

            await server.StopAsync();
            server.DeleteData();
            var fresh = new PostgresServer(new PostgresServerOptions { DataDirectory = dataDirectory, Port = server.Port });
            await fresh.StartAsync();
            Assert.NotEqual(password, fresh.Password);
            Assert.Equal("", (await fresh.PsqlAsync("SELECT 1 FROM pg_database WHERE datname = 'leads-db'")).Trim());
            await fresh.StopAsync();
        }
        finally
        {
            await server.StopAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Postgres_recovers_after_SIGKILL_and_refuses_a_wrong_password()
    {
        var dataDirectory = TestPaths.NewTempDirectory("pgkill");
        var server = new PostgresServer(new PostgresServerOptions { DataDirectory = dataDirectory, Port = PortAllocator.Allocate() });
        try
        {
            await server.StartAsync();
            await ExecuteAsync(server.GetConnectionString("postgres"), "CREATE TABLE survivors (id int); INSERT INTO survivors VALUES (7)");
            var pid = server.Process!.Pid;

            await server.KillAsync();
            Assert.False(LibC.ProcessExists(pid));
            await server.StartAsync();
            Assert.Equal(7, await ScalarAsync(server.GetConnectionString("postgres"), "SELECT id FROM survivors"));

            var wrong = $"Host=127.0.0.1;Port={server.Port};Username=postgres;Password=wrong;Database=postgres";
            var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(wrong, "SELECT 1"));
            Assert.Equal("28P01", error.SqlState); // invalid_password
        }
        finally
        {
            await server.StopAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Redis_serves_a_real_client_and_leaves_no_process_after_stop()
    {
        var dataDirectory = TestPaths.NewTempDirectory("redis");
        var server = new RedisServer(new RedisServerOptions { DataDirectory = dataDirectory, Port = PortAllocator.Allocate() });
        try
        {
            await server.StartAsync();
            Assert.Matches(@"^127\.0\.0\.1:\d+$", server.ConnectionString);
            using (var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString))
            {
                await redis.GetDatabase().StringSetAsync("lead:1", "routed");
                Assert.Equal("routed", (string?)await redis.GetDatabase().StringGetAsync("lead:1"));
            }
            var pid = server.Process!.Pid;
            await server.StopAsync();
            Assert.False(LibC.ProcessExists(pid));
            Assert.False(await server.IsHealthyAsync());
        }
        finally
        {
            await server.StopAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public void Postgres_data_moves_out_of_a_directory_the_postgres_user_cannot_traverse()
    {
        var root = TestPaths.NewTempDirectory("private");
        try
        {
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var inside = Path.Combine(root, "data", "postgres");
            Assert.False(PostgresServer.ParentsTraversableByOthers(inside));
            var server = new PostgresServer(new PostgresServerOptions { DataDirectory = inside, Port = 1 });
            if (LibC.IsRoot)
            {
                Assert.StartsWith("/var/tmp/salesmesh-pg-", server.ClusterDirectory);
            }
            else
            {
                Assert.Equal(inside, server.ClusterDirectory);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
