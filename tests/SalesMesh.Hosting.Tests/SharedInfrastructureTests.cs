using Npgsql;
using RabbitMQ.Client;
using SalesMesh.Testing;
using StackExchange.Redis;

namespace SalesMesh.Hosting.Tests;

/// <summary>The shared test fixture other teams build on: real servers, real clients, isolation.</summary>
public sealed class SharedInfrastructureTests(InfrastructureFixture infrastructure) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Fresh_databases_are_isolated_from_each_other()
    {
        var first = await infrastructure.CreateDatabaseAsync("Fixture Tests");
        var second = await infrastructure.CreateDatabaseAsync("Fixture Tests");
        Assert.NotEqual(first, second);

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE leads (id int); INSERT INTO leads VALUES (1)", connection);
            await create.ExecuteNonQueryAsync();
        }
        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync();
            await using var probe = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = 'leads'", connection);
            Assert.Equal(0L, await probe.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Database_names_are_prefixed_and_postgres_safe()
    {
        var connectionString = await infrastructure.CreateDatabaseAsync("Outbox-Tests!");
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        Assert.StartsWith("outbox_tests_", database);
        Assert.Matches("^Host=127.0.0.1;Port=\\d+;Username=postgres;Password=\\w+;Database=outbox_tests_\\w+$", connectionString);
    }

    [Fact]
    public async Task Fresh_virtual_host_accepts_an_amqp_client_and_keeps_queues_apart()
    {
        var vhostA = await infrastructure.CreateVirtualHostAsync("fixture");
        var vhostB = await infrastructure.CreateVirtualHostAsync("fixture");
        Assert.Matches("^amqp://guest:guest@127.0.0.1:\\d+/fixture_\\d+_[0-9a-f]{8}$", vhostA);

        var factory = new ConnectionFactory { Uri = new Uri(vhostA) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync("only-in-a", durable: true, exclusive: false, autoDelete: false);
            await channel.BasicPublishAsync("", "only-in-a", "hello"u8.ToArray());
        }

        var otherFactory = new ConnectionFactory { Uri = new Uri(vhostB) };
        await using var other = await otherFactory.CreateConnectionAsync();
        await using var otherChannel = await other.CreateChannelAsync();
        var error = await Assert.ThrowsAnyAsync<RabbitMQ.Client.Exceptions.OperationInterruptedException>(
            () => otherChannel.QueueDeclarePassiveAsync("only-in-a"));
        Assert.Contains("NOT_FOUND", error.Message);
    }

    [Fact]
    public async Task Redis_answers_and_key_prefixes_are_unique()
    {
        var first = infrastructure.NewRedisKeyPrefix("cache tests");
        var second = infrastructure.NewRedisKeyPrefix("cache tests");
        Assert.NotEqual(first, second);
        Assert.StartsWith("cache_tests:", first);

        using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.RedisConnectionString);
        var db = redis.GetDatabase();
        await db.StringSetAsync(first + "lead", "42");
        Assert.Equal("42", (string?)await db.StringGetAsync(first + "lead"));
        Assert.False(await db.KeyExistsAsync(second + "lead"));
    }

    [Fact]
    public async Task Invalid_prefix_is_rejected_without_creating_anything()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => infrastructure.CreateDatabaseAsync("  "));
        await Assert.ThrowsAsync<ArgumentException>(() => infrastructure.Postgres.CreateDatabaseIfNotExistsAsync("x\"; DROP DATABASE postgres; --"));
        await Assert.ThrowsAsync<ArgumentException>(() => infrastructure.RabbitMq.CreateVirtualHostAsync("a/b"));
        var databases = await infrastructure.Postgres.PsqlAsync("SELECT count(*) FROM pg_database WHERE datname = 'postgres'");
        Assert.Equal("1", databases.Trim());
    }
}
