using Aspire.Hosting.ApplicationModel;
using SalesMesh.Hosting.Processes;
using SalesMesh.Hosting.Servers;

namespace Aspire.Hosting.Orchestration;

/// <summary>PostgreSQL, Redis or RabbitMQ through the shared launcher classes.</summary>
internal sealed class ServerRuntime(ServerResource resource, Orchestrator orchestrator) : ResourceRuntime(resource, orchestrator)
{
    private ManagedServer? _server;

    public new ServerResource Resource => (ServerResource)base.Resource;

    /// <summary>Created when ports are planned, so connection strings exist before the start.</summary>
    public ManagedServer Server => _server ?? throw new InvalidOperationException($"'{Resource.Name}' has no port plan yet.");

    public bool HasServer => _server is not null;

    public string DataDirectory => Resource.DataDirectory ?? Path.Combine(Orchestrator.DataRoot, Resource.Name);

    public override int? Pid => _server?.Process is { HasExited: false } p ? p.Pid : null;
    public override IReadOnlyList<int> Pids => _server?.Pids ?? [];

    public string ConnectionString => Server.ConnectionString;

    public void CreateServer(bool reset)
    {
        var port = Ports["tcp"];
        Action<OutputLine> output = Orchestrator.Reporter.Output;
        _server = Resource switch
        {
            PostgresServerResource => new PostgresServer(new PostgresServerOptions
            {
                Name = Resource.Name, DataDirectory = DataDirectory, Port = port, Output = output,
                UnsafeFastWrites = Options.UnsafeFastPostgres,
            }),
            RedisResource => new RedisServer(new RedisServerOptions
            {
                Name = Resource.Name, DataDirectory = DataDirectory, Port = port, Output = output,
                Persistent = Resource.PersistentData,
            }),
            RabbitMQServerResource rabbit => new RabbitMqServer(new RabbitMqServerOptions
            {
                Name = Resource.Name, DataDirectory = DataDirectory, Port = port, Output = output,
                EnableManagementPlugin = rabbit.ManagementPlugin,
            }),
            _ => throw new NotSupportedException($"No launcher for {Resource}."),
        };
        if (reset || (!Resource.PersistentData && Resource is not RedisResource))
        {
            DeleteData();
        }
    }

    /// <summary>Wipes the server's data (reset, or a resource without a data volume).</summary>
    public void DeleteData()
    {
        switch (_server)
        {
            case PostgresServer postgres:
                postgres.DeleteData();
                break;
            case RabbitMqServer rabbit:
                rabbit.DeleteData();
                break;
            default:
                if (Directory.Exists(DataDirectory))
                {
                    Directory.Delete(DataDirectory, recursive: true);
                }
                break;
        }
    }

    protected override async Task LaunchAsync(CancellationToken cancellationToken)
    {
        await Server.StartAsync(cancellationToken).ConfigureAwait(false);
        if (Server is PostgresServer postgres && Resource is PostgresServerResource model)
        {
            foreach (var database in model.Databases)
            {
                await postgres.CreateDatabaseIfNotExistsAsync(database.DatabaseName, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override Task<int> WaitForExitAsync(CancellationToken cancellationToken) =>
        Server.Process is { } process ? process.Exited.WaitAsync(cancellationToken) : Task.FromResult(-1);

    protected override async Task ShutdownAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
    }

    public override async Task KillAsync()
    {
        if (_server?.Process is { } process)
        {
            await process.KillAsync().ConfigureAwait(false);
        }
    }

    protected override Task<bool> CheckHealthAsync(CancellationToken cancellationToken) => Server.IsHealthyAsync(cancellationToken);
}

/// <summary>A database inside a PostgreSQL server: created at server start, healthy while the server is.</summary>
internal sealed class DatabaseRuntime(PostgresDatabaseResource resource, Orchestrator orchestrator) : ResourceRuntime(resource, orchestrator)
{
    public new PostgresDatabaseResource Resource => (PostgresDatabaseResource)base.Resource;
    private ServerRuntime ServerRuntime => (ServerRuntime)Orchestrator.RuntimeOf(Resource.Server);
    private PostgresServer Server => (PostgresServer)ServerRuntime.Server;

    public override int? Pid => null;
    public override IReadOnlyDictionary<string, string> EndpointUrls => new Dictionary<string, string>();

    public string ConnectionString => Server.GetConnectionString(Resource.DatabaseName);

    protected override Task LaunchAsync(CancellationToken cancellationToken) =>
        Server.CreateDatabaseIfNotExistsAsync(Resource.DatabaseName, cancellationToken);

    // No process of its own: "running" until stopped.
    protected override async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    protected override Task ShutdownAsync() => Task.CompletedTask;
    public override Task KillAsync() => Task.CompletedTask;

    protected override async Task<bool> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (!await Server.IsHealthyAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        var found = await Server.PsqlAsync($"SELECT 1 FROM pg_database WHERE datname = '{Resource.DatabaseName}'", cancellationToken).ConfigureAwait(false);
        return found.Trim() == "1";
    }
}
