using SalesMesh.Hosting.Servers;
using Xunit;

namespace SalesMesh.Testing;

/// <summary>
/// xunit fixture over <see cref="SharedInfrastructure"/>: use as IClassFixture or collection
/// fixture. Every instance shares the same three servers (started once per test process);
/// isolate tests through <see cref="CreateDatabaseAsync"/>, <see cref="CreateVirtualHostAsync"/>
/// and <see cref="NewRedisKeyPrefix"/>. Disposing the fixture does not stop the shared servers.
/// </summary>
public class InfrastructureFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RabbitMqServer? _rabbitMq;
    private RedisServer? _redis;

    public PostgresServer Postgres => _postgres ?? throw NotStarted();
    public RabbitMqServer RabbitMq => _rabbitMq ?? throw NotStarted();
    public RedisServer Redis => _redis ?? throw NotStarted();

    /// <summary>127.0.0.1:P — combine with <see cref="NewRedisKeyPrefix"/> to stay isolated.</summary>
    public string RedisConnectionString => Redis.ConnectionString;

    /// <summary>Server-level connection string (no Database=), for admin work.</summary>
    public string PostgresConnectionString => Postgres.ConnectionString;

    /// <summary>amqp://guest:guest@127.0.0.1:P (default vhost "/"); prefer a fresh vhost.</summary>
    public string RabbitMqConnectionString => RabbitMq.ConnectionString;

    public virtual async Task InitializeAsync()
    {
        var postgres = SharedInfrastructure.GetPostgresAsync();
        var rabbitMq = SharedInfrastructure.GetRabbitMqAsync();
        var redis = SharedInfrastructure.GetRedisAsync();
        _postgres = await postgres.ConfigureAwait(false);
        _rabbitMq = await rabbitMq.ConfigureAwait(false);
        _redis = await redis.ConfigureAwait(false);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    public Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default) =>
        SharedInfrastructure.CreateDatabaseAsync(prefix, cancellationToken);

    public Task<string> CreateVirtualHostAsync(string prefix, CancellationToken cancellationToken = default) =>
        SharedInfrastructure.CreateVirtualHostAsync(prefix, cancellationToken);

    public string NewRedisKeyPrefix(string prefix) => SharedInfrastructure.NewRedisKeyPrefix(prefix);

    public Task StopRabbitMqAsync() => SharedInfrastructure.StopRabbitMqAsync();
    public Task StartRabbitMqAsync(CancellationToken cancellationToken = default) => SharedInfrastructure.StartRabbitMqAsync(cancellationToken);
    public Task StopPostgresAsync() => SharedInfrastructure.StopPostgresAsync();
    public Task StartPostgresAsync(CancellationToken cancellationToken = default) => SharedInfrastructure.StartPostgresAsync(cancellationToken);

    private static InvalidOperationException NotStarted() =>
        new("InfrastructureFixture is not initialised yet: xunit calls InitializeAsync before the tests run.");
}
