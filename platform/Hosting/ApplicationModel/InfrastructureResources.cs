namespace Aspire.Hosting.ApplicationModel;

/// <summary>Common to the three servers: optional fixed port, data kept between runs or not.</summary>
public abstract class ServerResource(string name, bool persistentData) : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints
{
    public IList<EndpointAnnotation> Endpoints { get; } = [new EndpointAnnotation("tcp", "tcp", "tcp")];

    public EndpointAnnotation PrimaryEndpoint => Endpoints[0];

    /// <summary>Keep data between runs (Aspire's WithDataVolume).</summary>
    public bool PersistentData { get; set; } = persistentData;

    /// <summary>Explicit data directory (Aspire's WithDataBindMount); default .salesmesh/data/{name}.</summary>
    public string? DataDirectory { get; set; }

    public abstract string ConnectionStringExpression { get; }

    /// <summary>Executable and arguments as they appear in the manifest.</summary>
    public abstract string Command { get; }
}

// PostgreSQL data is precious by default: the AppHost keeps it between runs.
public sealed class PostgresServerResource(string name) : ServerResource(name, persistentData: true)
{
    public override string TypeName => "postgres";
    public IList<PostgresDatabaseResource> Databases { get; } = [];

    public override string ConnectionStringExpression =>
        $"Host={{{Name}.bindings.tcp.host}};Port={{{Name}.bindings.tcp.port}};Username=postgres;Password={{{Name}-password.value}}";

    public override string Command => "/usr/lib/postgresql/15/bin/postgres";
}

public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithConnectionString, IResourceWithParent
{
    public string DatabaseName { get; } = databaseName;
    public PostgresServerResource Server { get; } = parent;
    public IResource Parent => Server;
    public override string TypeName => "postgres-database";
    public string ConnectionStringExpression => $"{{{Server.Name}.connectionString}};Database={DatabaseName}";
}

public sealed class RedisResource(string name) : ServerResource(name, persistentData: false)
{
    public override string TypeName => "redis";
    public override string ConnectionStringExpression => $"{{{Name}.bindings.tcp.host}}:{{{Name}.bindings.tcp.port}}";
    public override string Command => "redis-server";
}

// Durable queues and unsent messages must survive an AppHost restart.
public sealed class RabbitMQServerResource(string name) : ServerResource(name, persistentData: true)
{
    public override string TypeName => "rabbitmq";
    public bool ManagementPlugin { get; set; }

    public override string ConnectionStringExpression =>
        $"amqp://guest:guest@{{{Name}.bindings.tcp.host}}:{{{Name}.bindings.tcp.port}}";

    public override string Command => "/usr/lib/rabbitmq/bin/rabbitmq-server";
}
